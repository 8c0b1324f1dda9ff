import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChunkFiles } from '../../engine/trace/format';

/**
 * The host's ChunkFiles (engine/trace/format.ts) over node:fs: the chunks of `<index>.chunks/`,
 * read by byte range with readSync at a position, so a value costs its own bytes whatever the
 * chunk's size. Used by the adapter's worker and the command line; a name that is not a plain
 * file name is treated as missing (the index checker refuses such names first).
 */
export function nodeChunkFiles(indexFile: string): ChunkFiles {
  const folder = `${indexFile}.chunks`;
  const fileOf = (chunk: string): string | null => (chunk === path.basename(chunk) && !chunk.startsWith('.') ? path.join(folder, chunk) : null);
  return {
    size(chunk) {
      const file = fileOf(chunk);
      if (file === null) return null;
      try {
        const stat = statSync(file);
        return stat.isFile() ? stat.size : null;
      } catch {
        return null;
      }
    },
    read(chunk, offset, length) {
      const file = fileOf(chunk);
      if (file === null) return new Uint8Array(0);
      const bytes = new Uint8Array(length);
      const fd = openSync(file, 'r');
      try {
        let filled = 0;
        for (let n = -1; n !== 0 && filled < length; filled += n) n = readSync(fd, bytes, filled, length - filled, offset + filled);
        return bytes.subarray(0, filled);
      } finally {
        closeSync(fd);
      }
    },
  };
}
