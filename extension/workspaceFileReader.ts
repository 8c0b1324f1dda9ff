import * as vscode from 'vscode';
import { tooBig, type BytesResult, type FileReader, type ReadResult } from './dap/fileReader';
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
      return failed(error);
    }
  },

  /** The workspace file system reads whole files only: the size is asked first. */
  async readBytes(path: string, limit: number): Promise<BytesResult> {
    const uri = uriOf(path);
    try {
      const { size, type } = await vscode.workspace.fs.stat(uri);
      if (type & vscode.FileType.Directory) return { ok: false, missing: false, message: 'it is a folder' };
      if (size > limit) return tooBig(size, limit);
      const bytes = await vscode.workspace.fs.readFile(uri);
      return bytes.length > limit ? tooBig(bytes.length, limit) : { ok: true, bytes };
    } catch (error) {
      return failed(error);
    }
  },
};

function failed(error: unknown): { ok: false; missing: boolean; message: string } {
  const missing = error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
  const isFolder = error instanceof vscode.FileSystemError && error.code === 'FileIsADirectory';
  return { ok: false, missing, message: missing ? 'no such file' : isFolder ? 'it is a folder' : error instanceof Error ? error.message : String(error) };
}
