import { unzipSync, type UnzipFileInfo } from 'fflate';
import { count } from '../../model/budget';
import { LIMITS, overLimit } from '../../limits';
import { DataFileError } from './problem';

/**
 * The members of an `.npz` archive (a zip of `.npy` files, as np.savez writes), by name without
 * `.npy`. Their unpacked sizes as the archive states them are added up before anything is inflated,
 * and each is inflated into a buffer of its stated size, so a zip bomb costs at most the budget.
 */
export function unpackNpz(bytes: Uint8Array, maxBytes: number = LIMITS.dataFileBytes.max): Map<string, Uint8Array> {
  const wanted: UnzipFileInfo[] = [];
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        // Folders count too: an archive of a billion empty entries is refused as fast as one of arrays.
        wanted.push(file);
        if (wanted.length > LIMITS.npzMembers.max) throw new DataFileError(overLimit(LIMITS.npzMembers, `the archive holds more than ${count(LIMITS.npzMembers.max)} arrays`), {}, true);
        if (file.name.endsWith('/')) return false;
        total += file.originalSize;
        if (total > maxBytes) throw new DataFileError(`the archive's arrays unpack to more than ${count(maxBytes)} bytes, the budget of one data file (\`${LIMITS.dataFileBytes.name}\`)`, { member: file.name }, true);
        if (file.compression !== 0 && file.compression !== 8) throw new DataFileError(`member \`${file.name}\` is compressed with method ${file.compression}; np.savez writes stored or deflated members`, { member: file.name });
        return true;
      },
    });
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    throw new DataFileError(`this is not a readable .npz (zip) archive: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) out.set(name.replace(/\.npy$/, ''), data);
  return out;
}
