import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { LIMITS } from '../../engine/limits';
import { dataFileRefs, resolveDataPath, type DataFiles, type FileBytes } from '../../engine/model/files';

/** Where a command writes: stdout and stderr, and whether stdout is a terminal (for the progress bar). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width for the progress bar. */
  readonly columns: number;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns ?? 80,
};

/** Exit codes: 0 done, 1 the model has problems (or failed at run time), 2 the command line is wrong. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** The model file's text, or a message saying why it cannot be read. */
export function readModelFile(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    return { error: `cannot read ${path}: ${why}` };
  }
}

/**
 * The command line's step of the seam of engine/model/files.ts (the adapter's is
 * extension/dap/dataFiles.ts): the data files the model file names, relative to it, each refused
 * unread when over `LIMITS.dataFileBytes`.
 */
export function readDataFilesSync(modelFile: string, text: string): DataFiles {
  const files = new Map<string, FileBytes>();
  for (const ref of dataFileRefs(text)) {
    if (!files.has(ref.path)) files.set(ref.path, readBytesSync(resolveDataPath(modelFile, ref.path), LIMITS.dataFileBytes.max));
  }
  return files;
}

function readBytesSync(path: string, limit: number): FileBytes {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, message: 'it is a folder' };
    const size = stat.size;
    if (size > limit) return { ok: false, message: `it has ${size.toLocaleString('en-US')} bytes, over the limit of ${limit.toLocaleString('en-US')} bytes for one data file` };
    const bytes = new Uint8Array(size);
    let filled = 0;
    for (let n = -1; n !== 0 && filled < size; filled += n) n = readSync(fd, bytes, filled, size - filled, filled);
    return { ok: true, bytes: bytes.subarray(0, filled) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((e as Error).message) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
