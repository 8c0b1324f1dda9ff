import * as vscode from 'vscode';
import type { FileReader, ReadResult } from './dap/fileReader';
import { uriOf } from './modelDocument';

/**
 * The file-reader port on `vscode.workspace.fs`, so remote and virtual workspaces work. A file open
 * in an editor is read from the editor: Restart runs what the user sees, saved or not.
 */
export const workspaceFileReader: FileReader = {
  async readText(program: string): Promise<ReadResult> {
    const uri = uriOf(program);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { ok: true, text: open.getText() };
    try {
      return { ok: true, text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
    } catch (error) {
      const missing = error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
      const isFolder = error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory';
      return { ok: false, missing, message: isFolder ? 'it is a folder' : error instanceof Error ? error.message : String(error) };
    }
  },
};
