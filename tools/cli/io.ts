import { readFileSync } from 'node:fs';
import * as path from 'node:path';

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

/** A file a model file names (`init: { from }`), relative to the model file's folder; undefined when unreadable. */
export function readNamedFile(modelFile: string, named: string): Uint8Array | undefined {
  try {
    return readFileSync(path.resolve(path.dirname(modelFile), named));
  } catch {
    return undefined;
  }
}
