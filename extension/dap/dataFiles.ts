import { LIMITS } from '../../engine/limits';
import { dataFileRefs, resolveDataPath, type DataFiles, type FileBytes } from '../../engine/model/files';
import type { FileReader } from './fileReader';

/**
 * The host's step of the seam of engine/model/files.ts: the data files the model file names, read
 * through the file reader (relative to the model file, at most `LIMITS.dataFileBytes` each), keyed
 * by the path as written. Used by the debug adapter before a launch and by the editor's diagnostics;
 * once `cancelled` says so, no further file is read.
 */
export async function readDataFiles(reader: FileReader, modelFile: string, text: string, cancelled: () => boolean = () => false): Promise<DataFiles> {
  const files = new Map<string, FileBytes>();
  for (const ref of dataFileRefs(text)) {
    if (files.has(ref.path) || cancelled()) continue;
    const read = await reader.readBytes(resolveDataPath(modelFile, ref.path), LIMITS.dataFileBytes.max);
    files.set(ref.path, read.ok ? { ok: true, bytes: read.bytes } : { ok: false, message: read.message });
  }
  return files;
}
