import { Diagnostics } from './diagnostics';
import { LIMITS, overLimit } from '../limits';
import { parseModel } from './parse';
import type { DataSpec, FileRef, LayerSpec } from './spec';
import { count } from './budget';

/**
 * The seam every data file goes through. The engine does no I/O, so reading happens in three steps:
 *
 * 1. The engine finds the files a model file names: `dataFileRefs(text)` — each path as written
 *    (relative to the model file) with the range of the model file that names it, in file order,
 *    at most `LIMITS.dataFiles`. Only the model file's text is read.
 * 2. The host reads them through its file reader (extension/dap/fileReader.ts `readBytes(path,
 *    limit)`, with `LIMITS.dataFileBytes.max`: a file over it is refused before it is read, and a
 *    missing or unreadable file is an answer, not an exception). `resolveDataPath(modelFile, path)`
 *    gives the path to read. extension/dap/dataFiles.ts does this for the debug adapter and the
 *    editor's diagnostics, tools/cli/io.ts for the command line.
 * 3. The checker and the session receive the bytes beside the text, keyed by the path as written:
 *    `checkModel(text, { files })`, `LaunchOptions.files`. The checker parses them
 *    (model/data-files.ts → engine/data/files/) and reports every problem as a located diagnostic
 *    at the model-file range of step 1, naming the data file, its line and column. Bytes are only
 *    parsed as data: nothing in a data file is ever run.
 *
 * A new kind of file (like `text: corpus.txt`, `init: { from: weights.safetensors }`) adds its references to
 * `refsOf` and its parser behind the checker; the host side does not change.
 */
export type FileBytes = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** The bytes of every file the model file names, keyed by the path as written. */
export type DataFiles = ReadonlyMap<string, FileBytes>;

export const NO_FILES: DataFiles = new Map();

export function dataFileRefs(text: string): readonly FileRef[] {
  const { spec } = parseModel(text, new Diagnostics());
  const init = spec?.init ? [{ path: spec.init.from, range: spec.init.fromRange }] : [];
  return [...refsOf(spec?.data ?? null), ...init, ...graphRefs(spec?.layers ?? [])].slice(0, LIMITS.dataFiles.max);
}

/** The `.onnx` files of onnx layers (`- onnx: { file: encoder.onnx }`). */
function graphRefs(layers: readonly LayerSpec[]): FileRef[] {
  return layers.flatMap((l) => (l.kind === 'onnx' && typeof l.attrs.file === 'string' ? [{ path: l.attrs.file, range: l.attrRanges.file ?? l.kindRange }] : []));
}

/** The bytes read for `path`, or why there are none (a session or a check without a reader has no files). */
export function fileBytes(files: DataFiles | undefined, path: string): FileBytes {
  return files?.get(path) ?? { ok: false, message: files ? 'it was not read' : 'this session has no reader for files' };
}

/** The files a data section names, in the order written: the training data's, then the validation file. */
export function refsOf(data: DataSpec | null): FileRef[] {
  const validation = data?.validation?.file ? [data.validation.file] : [];
  if (data?.source === 'table' || data?.source === 'textFile' || data?.source === 'pairsFile') return [data.file, ...validation];
  if (data?.source === 'arrays') return [...data.files.map((f) => f.file), ...validation];
  return validation;
}

/** More files than the limit: the message, at the first one past it. */
export function tooManyFiles(refs: readonly FileRef[]): { readonly message: string; readonly at: FileRef } | null {
  if (refs.length <= LIMITS.dataFiles.max) return null;
  return { message: overLimit(LIMITS.dataFiles, `the model file names ${count(refs.length)} data files`), at: refs[LIMITS.dataFiles.max] };
}

/**
 * The path of a data file `written` in the model file at `modelFile` (a path or a URI): relative to
 * the model file's folder, unless absolute. `/` and `\\` both separate; `.` and `..` are resolved.
 */
export function resolveDataPath(modelFile: string, written: string): string {
  if (/^([a-z]:[\\/]|[\\/])/i.test(written)) return written;
  const sep = modelFile.includes('/') || !modelFile.includes('\\') ? '/' : '\\';
  const cut = Math.max(modelFile.lastIndexOf('/'), modelFile.lastIndexOf('\\'));
  const folder = cut >= 0 ? modelFile.slice(0, cut) : '.';
  const parts = folder.split(/[\\/]/);
  for (const part of written.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 1 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '.') parts.pop();
    else parts.push(part);
  }
  return parts.join(sep);
}
