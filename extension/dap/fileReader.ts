/**
 * The port through which the adapter reads the model file and the data files it names. The extension
 * implements it with `vscode.workspace.fs` (so remote and virtual workspaces work), the stdio adapter
 * and tests with Node's `fs`. A missing file is an answer, not an exception.
 */
export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly message: string };

export type BytesResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly missing: boolean; readonly message: string };

export interface FileReader {
  readText(path: string): Promise<ReadResult>;
  /**
   * The file's bytes, unless it has more than `limit`: then an answer saying its size, found before
   * the file is read (memory stays bounded whatever the file claims to be).
   */
  readBytes(path: string, limit: number): Promise<BytesResult>;
}

/** `it has 123,456,789 bytes; the limit is 104,857,600` — the answer for a file over the limit. */
export function tooBig(size: number, limit: number): BytesResult {
  return { ok: false, missing: false, message: `it has ${size.toLocaleString('en-US')} bytes, over the limit of ${limit.toLocaleString('en-US')} bytes for one data file` };
}
