import * as vscode from 'vscode';
import type { SourceRange } from '../../engine/protocol';
import { uriOf } from '../modelDocument';

/** Selects the lines in the model file, in the editor already showing it, keeping the focus where it is. */
export async function revealRange(program: string, r: SourceRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uriOf(program));
  const range = new vscode.Range(r.line - 1, Math.max(0, r.column - 1), r.endLine - 1, Math.max(0, r.endColumn - 1));
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
