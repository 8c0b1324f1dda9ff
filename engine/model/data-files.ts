import { idClasses, type LoadedData, type LoadedField } from '../data/loaded';
import { unpackNpz } from '../data/files/npz';
import { parseSafetensors, SafetensorsError, type SafetensorsFile } from '../weights/safetensorsRead';
import { readNpy } from '../data/files/npy';
import { DataFileError, whereText } from '../data/files/problem';
import { readCorpus } from '../data/files/corpus';
import { readPairs } from '../data/files/pairs';
import { readTable } from '../data/files/table';
import type { LabelForm } from '../data/labels';
import { dict } from '../dict';
import { LIMITS } from '../limits';
import { count, type Budget } from './budget';
import { TABLE_FORMATS } from './catalog/files';
import type { Diagnostics, SourceRange } from './diagnostics';
import { refsOf, tooManyFiles, type DataFiles } from './files';
import { NAME_PATTERN } from './read/refs';
import type { ArraySource, DataSpec, FileRef, TableSource, TextFileSource } from './spec';
import { suggestion } from './suggest';

/**
 * The checker's side of the seam of model/files.ts: the bytes the host read for each file the data
 * section names, parsed into numbers, every problem located — at the model-file range that names
 * the file (or the column), with the data file's name, line and column in the message.
 */
export function loadFileData(data: DataSpec & FileSource, files: DataFiles, budget: Budget, diag: Diagnostics): LoadedData | null {
  const refs = refsOf(data);
  const over = tooManyFiles(refs);
  if (over) {
    diag.add('E_BUDGET', over.message, over.at.range);
    return null;
  }
  const problems = diag.count;
  const all = refs.filter((ref) => ref !== data.validation?.file).map((ref) => bytesOf(ref, files, diag));
  if (diag.count > problems) return null;
  const bytes = all as Uint8Array[];
  const loaded = data.source === 'arrays' ? loadArrays(data, bytes, budget, diag) : data.source === 'table' ? loadTable(data, bytes[0], budget, diag) : loadText(data, bytes[0], budget, diag);
  const file = data.validation?.file;
  // A validation file is checked to be a table's or arrays' (model/validation-check.ts).
  if (!loaded || !file || (data.source !== 'table' && data.source !== 'arrays')) return loaded;
  const validation = loadValidation({ ...data }, file, loaded, files, budget, diag);
  return validation && { ...loaded, validation, notes: [...loaded.notes, ...validation.notes.map((n) => `validation: ${n}`)] };
}

/**
 * `validation: { file }`: a second file of the training file's kind, read with the same settings (a
 * table's labels mapped to the training table's class ids and standardized with the training table's
 * statistics), whose fields must be the training data's.
 */
function loadValidation(data: DataSpec & (TableSource | ArraySource), file: FileRef, train: LoadedData, files: DataFiles, budget: Budget, diag: Diagnostics): LoadedData | null {
  if (data.source === 'arrays' && data.format === 'npy') {
    diag.add('E_VALUE', '`validation: { file }` takes one file like the training data\'s; with `npy:` (a file per field) hold out a `fraction` instead', file.range);
    return null;
  }
  const bytes = bytesOf(file, files, diag);
  if (!bytes) return null;
  const classes = train.classNames?.map((name) => ({ name, range: file.range }));
  const loaded =
    data.source === 'table'
      ? loadTable({ ...data, file, ...(classes ? { classes } : {}) }, bytes, budget, diag, train)
      : loadArrays({ ...data, files: [{ file }] }, [bytes], budget, diag);
  if (!loaded) return null;
  for (const [name, f] of Object.entries(train.fields)) {
    const v = loaded.fields[name];
    const same = v && v.kind === f.kind && v.shape.slice(1).join(',') === f.shape.slice(1).join(',');
    if (!same) {
      const got = v ? `(${v.shape.join(', ')})` : 'no such field';
      diag.add('E_SHAPE', `the validation file "${file.path}" must hold the training data's fields: \`${name}\` is (${f.shape.join(', ')}) in training, ${got} in validation (the first axis may differ)`, file.range);
      return null;
    }
  }
  return loaded;
}

export type FileSource = TableSource | ArraySource | TextFileSource;

export function isFileSource(data: DataSpec): data is DataSpec & FileSource {
  return data.source === 'table' || data.source === 'arrays' || data.source === 'textFile' || data.source === 'pairsFile';
}

function bytesOf(ref: FileRef, files: DataFiles, diag: Diagnostics): Uint8Array | null {
  const read = files.get(ref.path);
  if (!read) {
    diag.add('E_DATA', `the data file "${ref.path}" was not read (this checker was given the model file alone)`, ref.range);
    return null;
  }
  if (!read.ok) {
    diag.add('E_DATA', `cannot read the data file "${ref.path}": ${read.message}`, ref.range);
    return null;
  }
  if (read.bytes.length > LIMITS.dataFileBytes.max) {
    diag.add('E_BUDGET', `the data file "${ref.path}" has ${count(read.bytes.length)} bytes; the limit \`${LIMITS.dataFileBytes.name}\` is ${count(LIMITS.dataFileBytes.max)} ${LIMITS.dataFileBytes.unit}`, ref.range);
    return null;
  }
  return read.bytes;
}

/** `iris.csv, line 12, column 3 (\`petal_width\`): …` at `at`. */
function report(file: string, e: DataFileError, at: SourceRange, diag: Diagnostics): void {
  const where = whereText(e.where);
  diag.add(e.overBudget ? 'E_BUDGET' : 'E_DATA', `${file}${where ? `, ${where}` : ''}: ${e.message}`, at);
}

/**
 * What was parsed from the same bytes with the same options: the editor checks a model file at
 * every pause in typing, and its reader hands over the same bytes until the file changes
 * (extension/editor/cachedFileReader.ts), so a table is parsed once, not per keystroke.
 */
const parsed = new WeakMap<Uint8Array, Map<string, unknown>>();

function memo<T>(bytes: Uint8Array, options: unknown, parse: () => T): T {
  const key = JSON.stringify(options);
  let known = parsed.get(bytes);
  if (!known) parsed.set(bytes, (known = new Map()));
  if (known.has(key)) {
    const hit = known.get(key) as { value: T } | { error: unknown };
    if ('error' in hit) throw hit.error;
    return hit.value;
  }
  try {
    const value = parse();
    known.set(key, { value });
    return value;
  } catch (error) {
    known.set(key, { error });
    throw error;
  }
}

function loadTable(data: DataSpec & TableSource, bytes: Uint8Array, budget: Budget, diag: Diagnostics, train?: LoadedData): LoadedData | null {
  const s = data.settings;
  try {
    const options = {
      delimiter: TABLE_FORMATS.find((f) => f.key === data.format)!.delimiter,
      features: data.features && { kind: data.features.kind, names: data.features.columns.map((c) => c.name) },
      target: data.column?.name,
      classes: data.classes?.map((c) => c.name),
      labels: s.labels as LabelForm,
      standardize: s.standardize as boolean,
      ...(train?.scaling ? { scaling: train.scaling } : {}),
      missing: s.missing as 'error' | 'drop',
      maxValues: budget.dataElements,
    };
    const loaded = memo(bytes, options, () => readTable(bytes, options));
    const image = imageOf(data, loaded.fields.x, diag);
    if (image === null) return null;
    const chosen = choose(data, loaded.fields, loaded.notes.map((n) => `${data.file.path}: ${n}`), diag);
    return chosen && { ...chosen, ...(image ? { image } : {}), ...(loaded.classNames ? { classNames: loaded.classNames } : {}), ...(loaded.scaling ? { scaling: loaded.scaling } : {}) };
  } catch (e) {
    if (!(e instanceof DataFileError)) throw e;
    const names = [...(data.features?.columns ?? []), ...(data.column ? [data.column] : []), ...(data.classes ?? [])];
    const written = e.where.written === undefined ? undefined : names.find((n) => n.name === e.where.written);
    report(data.file.path, e, written?.range ?? data.file.range, diag);
    return null;
  }
}

/** `image: [h, w]`: the features must be h × w pixels; undefined without the setting, null (reported) when they are not. */
function imageOf(data: DataSpec & TableSource, x: LoadedField, diag: Diagnostics): readonly [number, number] | undefined | null {
  const image = data.settings.image as readonly number[] | undefined;
  if (!image) return undefined;
  const [h, w] = image;
  if (h * w === x.shape[1]) return [h, w];
  diag.add('E_SHAPE', `\`image: [${h}, ${w}]\` needs ${h * w} feature columns (height × width), but the table gives ${x.shape[1]}`, data.settingRanges.image);
  return null;
}

function loadText(data: DataSpec & TextFileSource, bytes: Uint8Array, budget: Budget, diag: Diagnostics): LoadedData | null {
  const s = data.settings;
  try {
    const options = {
      tokens: s.tokens as 'word' | 'char',
      minCount: s.min_count as number,
      lowercase: s.lowercase as boolean,
      maxValues: budget.dataElements,
      ...(s.vocabulary !== undefined ? { vocabulary: s.vocabulary as number } : {}),
      ...(s.length !== undefined ? { length: s.length as number } : {}),
    };
    const loaded = data.source === 'pairsFile' ? memo(bytes, 'pairs', () => readPairs(bytes, budget.dataElements)) : memo(bytes, options, () => readCorpus(bytes, options));
    return choose(data, loaded.fields, loaded.notes.map((n) => `${data.file.path}: ${n}`), diag);
  } catch (e) {
    if (!(e instanceof DataFileError)) throw e;
    report(data.file.path, e, data.file.range, diag);
    return null;
  }
}

function loadArrays(data: DataSpec & ArraySource, bytes: Uint8Array[], budget: Budget, diag: Diagnostics): LoadedData | null {
  if (data.format === 'safetensors') return loadSafetensors(data, bytes[0], budget, diag);
  const fields = dict<LoadedField>();
  const notes: string[] = [];
  const where = dict<FileRef>();
  let left = budget.dataElements;
  for (const [i, { field, file }] of data.files.entries()) {
    try {
      // Each file → its named arrays (.npy bytes): one for `npy:`, every member for `npz:`.
      const arrays = field !== undefined ? new Map([[field, bytes[i]]]) : memo(bytes[i], 'npz', () => unpackNpz(bytes[i]));
      for (const [name, member] of arrays) {
        const inArchive = field === undefined ? name : undefined;
        if (!NAME_PATTERN.test(name)) throw new DataFileError(`the array name "${name}" is not a data field name (letters, digits and _)`, { member: name });
        const array = memo(member, { left }, () => withMember(inArchive, () => readNpy(member, left)));
        left -= array.values.length;
        fields[name] = { kind: 'float', values: array.values, shape: array.shape, ...classesOf(array.values) };
        where[name] = file;
        notes.push(`${file.path}${inArchive ? `[${inArchive}]` : ''}: ${name} (${array.shape.join(', ')}) ${array.dtype}`);
      }
    } catch (e) {
      if (!(e instanceof DataFileError)) throw e;
      report(file.path, e, file.range, diag);
      return null;
    }
  }
  return sameExamples(fields, where, diag) ? choose(data, fields, notes, diag) : null;
}

/**
 * A safetensors file: the tensors the fields beside it name (`x: inputs`), or every tensor under its
 * own name. The header is checked whole (engine/weights/safetensorsRead.ts); a tensor is decoded
 * only once its size fits what is left of the data budget.
 */
function loadSafetensors(data: DataSpec & ArraySource, bytes: Uint8Array, budget: Budget, diag: Diagnostics): LoadedData | null {
  const { file } = data.files[0];
  const fail = (e: DataFileError, at: SourceRange = file.range): null => (report(file.path, e, at, diag), null);
  let parsed: SafetensorsFile;
  try {
    parsed = memo(bytes, 'safetensors', () => parseSafetensors(bytes, file.path));
  } catch (e) {
    if (!(e instanceof SafetensorsError)) throw e;
    return fail(new DataFileError(e.problem, e.tensor === null ? {} : { member: e.tensor }));
  }
  const names = [...parsed.tensors.keys()];
  const picks = data.keys ?? names.map((name) => ({ field: name, key: { name, range: file.range } }));
  const fields = dict<LoadedField>();
  const where = dict<FileRef>();
  const notes: string[] = [];
  let left = budget.dataElements;
  for (const { field, key } of picks) {
    const entry = parsed.tensors.get(key.name);
    if (!entry) {
      diag.add('E_REF', `${file.path} has no tensor \`${key.name}\`${suggestion(key.name, names)}; its tensors are ${names.join(', ') || '(none)'}`, key.range);
      return null;
    }
    if (!NAME_PATTERN.test(field)) return fail(new DataFileError(`the tensor name "${field}" is not a data field name (letters, digits and _); name the fields beside the file, e.g. \`x: ${field}\``, { member: field }));
    const elements = entry.shape.reduce((a, b) => a * b, 1);
    if (elements > left) return fail(new DataFileError(`the array holds ${count(elements)} values (shape (${entry.shape.join(', ')})); the data budget has room for ${count(left)}`, { member: key.name }, true), key.range);
    let values: Float64Array;
    try {
      values = memo(bytes, key.name, () => entry.values());
    } catch (e) {
      if (!(e instanceof SafetensorsError)) throw e;
      return fail(new DataFileError(e.problem, { member: key.name }), key.range);
    }
    left -= elements;
    fields[field] = { kind: 'float', values, shape: entry.shape.length ? entry.shape : [1], ...classesOf(values) };
    where[field] = { path: file.path, range: key.range };
    notes.push(`${file.path}[${key.name}]: ${field} (${entry.shape.join(', ')}) ${entry.dtype}`);
  }
  return sameExamples(fields, where, diag) ? choose(data, fields, notes, diag) : null;
}

function withMember<T>(member: string | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DataFileError && member !== undefined) throw new DataFileError(e.message, { ...e.where, member });
    throw e;
  }
}

function classesOf(values: Float64Array): { classes?: number } {
  const classes = idClasses(values);
  return classes === undefined ? {} : { classes };
}

/** Every field needs one row per example: the first axes agree. */
function sameExamples(fields: Record<string, LoadedField>, where: Record<string, FileRef>, diag: Diagnostics): boolean {
  const names = Object.keys(fields);
  if (names.length === 0) return false;
  const n = fields[names[0]].shape[0];
  const odd = names.find((k) => fields[k].shape[0] !== n);
  if (odd === undefined) return true;
  diag.add('E_SHAPE', `array \`${odd}\` has ${fields[odd].shape[0]} examples (first axis), but \`${names[0]}\` has ${n}; every field needs one row per example`, where[odd].range);
  return false;
}

function choose(data: DataSpec, fields: Record<string, LoadedField>, notes: string[], diag: Diagnostics): LoadedData | null {
  const names = Object.keys(fields);
  const input = data.input ?? (fields.x ? 'x' : names[0]);
  const target = data.target ?? (fields.y ? 'y' : names.find((k) => k !== input));
  for (const [key, name] of [['input', input], ['target', target]] as const) {
    if (name !== undefined && !fields[name]) {
      diag.add('E_REF', `data ${key} \`${name}\` is not a field of the data${suggestion(name, names) || `; the fields are ${names.join(', ')}`}`, data.ranges[key]);
      return null;
    }
  }
  return { fields, input, ...(target !== undefined ? { target } : {}), notes };
}
