import { readFile } from 'node:fs/promises';
import type { FileReader, ReadResult } from './dap/fileReader';

/** The file-reader port on Node's `fs`: for the stdio adapter and tests. */
export const nodeFileReader: FileReader = {
  async readText(path: string): Promise<ReadResult> {
    try {
      return { ok: true, text: await readFile(path, 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', message: code === 'EISDIR' ? 'it is a folder' : (error as Error).message };
    }
  },
};
