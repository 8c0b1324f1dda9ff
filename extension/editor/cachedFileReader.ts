import * as vscode from 'vscode';
import type { BytesResult, FileReader } from '../dap/fileReader';
import { Disposable } from '../disposable';
import { uriOf } from '../modelDocument';

/**
 * The file reader of the diagnostics as you type: data files are read once and kept until they
 * change on disk (a watcher forgets them), so a keystroke does not read a table again. The same
 * bytes also let the engine reuse what it parsed from them (engine/model/data-files.ts).
 */
export class CachedFileReader extends Disposable implements FileReader {
  private readonly bytes = new Map<string, Promise<BytesResult>>();

  constructor(private readonly inner: FileReader) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    const forget = (uri: vscode.Uri) => this.bytes.delete(uri.toString());
    this.register(watcher.onDidChange(forget));
    this.register(watcher.onDidCreate(forget));
    this.register(watcher.onDidDelete(forget));
  }

  readText(path: string) {
    return this.inner.readText(path);
  }

  readBytes(path: string, limit: number): Promise<BytesResult> {
    const key = `${uriOf(path).toString()}`;
    const known = this.bytes.get(key);
    if (known) return known;
    const read = this.inner.readBytes(path, limit);
    this.bytes.set(key, read);
    return read;
  }
}
