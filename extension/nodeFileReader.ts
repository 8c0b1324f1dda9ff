import { open, readFile } from 'node:fs/promises';
import { tooBig, type BytesResult, type FileReader, type ReadResult } from './dap/fileReader';

/** The file-reader port on Node's `fs`: for the stdio adapter, the command line and tests. */
export const nodeFileReader: FileReader = {
  async readText(path: string): Promise<ReadResult> {
    try {
      return { ok: true, text: await readFile(path, 'utf8') };
    } catch (error) {
      return failed(error);
    }
  },

  async readBytes(path: string, limit: number): Promise<BytesResult> {
    try {
      const file = await open(path, 'r');
      try {
        const stat = await file.stat();
        if (stat.isDirectory()) return { ok: false, missing: false, message: 'it is a folder' };
        const size = stat.size;
        if (size > limit) return tooBig(size, limit);
        // One byte more than the limit: a file that grew since the stat is still caught.
        const bytes = new Uint8Array(Math.min(size, limit) + 1);
        let filled = 0;
        for (let n = -1; n !== 0 && filled < bytes.length; filled += n) n = (await file.read(bytes, filled, bytes.length - filled, filled)).bytesRead;
        return filled > limit ? tooBig(filled, limit) : { ok: true, bytes: bytes.subarray(0, filled) };
      } finally {
        await file.close();
      }
    } catch (error) {
      return failed(error);
    }
  },
};

function failed(error: unknown): { ok: false; missing: boolean; message: string } {
  const code = (error as NodeJS.ErrnoException).code;
  const missing = code === 'ENOENT' || code === 'ENOTDIR';
  return { ok: false, missing, message: missing ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message };
}
