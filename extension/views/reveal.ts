import * as vscode from 'vscode';
import type { GraphView, SourceRange } from '../../engine/protocol';
import { uriOf } from '../modelDocument';

/**
 * The lines a graph node stands for: its own range, else its layer's. A scope inside a layer
 * (`memory/t3`) takes the range of the ops inside it; failing all, the enclosing scope is tried.
 */
export function rangeOf(graph: GraphView, node: string): SourceRange | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (let id: string | null = node; id; id = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : null) {
    const n = byId.get(id);
    const range = n?.range ?? (n?.parent ? byId.get(n.parent)?.range : null) ?? graph.nodes.find((m) => m.range && m.id.startsWith(`${id}/`))?.range;
    if (range) return range;
  }
  return null;
}

/** Selects the lines in the model file, in the editor already showing it, keeping the focus where it is. */
export async function revealRange(program: string, r: SourceRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uriOf(program));
  const range = new vscode.Range(r.line - 1, Math.max(0, r.column - 1), r.endLine - 1, Math.max(0, r.endColumn - 1));
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
