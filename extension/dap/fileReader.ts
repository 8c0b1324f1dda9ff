/**
 * The port through which the adapter reads the model file. The extension implements it with
 * `vscode.workspace.fs` (so remote and virtual workspaces work), the stdio adapter and tests with Node's
 * `fs`. A missing file is an answer, not an exception.
 */
export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly message: string };

export interface FileReader {
  readText(path: string): Promise<ReadResult>;
}
