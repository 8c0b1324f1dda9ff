import type { FieldInfo } from '../data/dataset';
import { dict } from '../dict';
import { pairFields } from '../data/pairs';
import { textFields } from '../data/corpus';
import { textInfo } from '../data/dataset';
import { count, sizeOfShape, type Budget } from './budget';
import { taskDef } from './catalog/data';
import type { Diagnostics } from './diagnostics';
import type { LoadedData, LoadedField } from '../data/loaded';
import { isFileSource, loadFileData } from './data-files';
import { NO_FILES, type DataFiles } from './files';
import type { DataSpec, InlineTensor } from './spec';
import { suggestion } from './suggest';

/**
 * The fields a data section will produce, known before generating anything, and which of them the
 * model reads (`input`) and the loss compares with (`target`).
 */
export interface DataFields {
  readonly fields: Readonly<Record<string, FieldInfo>>;
  readonly input: string;
  readonly target?: string;
  /** How many examples (the first axis of every tensor field; sentences for text). */
  readonly examples: number;
  /** Data read from files: what was read, for people (rows, columns, the class mapping). */
  readonly notes?: readonly string[];
}

export function describeData(data: DataSpec, budget: Budget, diag: Diagnostics, files: DataFiles = NO_FILES): (DataFields & { readonly loaded?: LoadedData }) | null {
  if (isFileSource(data)) {
    const loaded = loadFileData(data, files, budget, diag);
    if (!loaded) return null;
    const info = (f: LoadedField): FieldInfo => (f.kind === 'text' ? textInfo(f.sentences) : { kind: f.kind, shape: f.shape, ...(f.classes !== undefined ? { classes: f.classes } : {}) });
    const fields = dict(Object.entries(loaded.fields).map(([k, f]) => [k, info(f)]));
    return { fields, input: loaded.input, target: loaded.target, examples: loaded.fields[loaded.input].shape[0], notes: loaded.notes, loaded };
  }
  const described = fieldsOf(data, diag);
  if (!described) return null;
  const { input, target } = described;
  // Field names are user text (`tensors:` keys, `input:`): looked up in a record without a prototype.
  const fields = dict(Object.entries(described.fields));
  const total = Object.values(fields).reduce((s, f) => s + sizeOfShape(f.shape), 0);
  const at = data.source === 'task' ? data.taskRange : data.range;
  if (total > budget.dataElements) {
    diag.add('E_BUDGET', `the data set would hold ${count(total)} values; the budget is ${count(budget.dataElements)} (make it smaller)`, at);
    return null;
  }
  const names = Object.keys(fields);
  const pick = (key: 'input' | 'target', written: string | undefined, dflt: string | undefined): string | undefined => {
    if (written === undefined) return dflt;
    if (fields[written]) return written;
    diag.add('E_REF', `data ${key} \`${written}\` is not a field of the data${suggestion(written, names) || `; the fields are ${names.join(', ')}`}`, data.ranges[key]);
    return undefined;
  };
  const inputName = pick('input', data.input, input);
  const targetName = pick('target', data.target, target);
  if (!inputName) return null;
  const first = fields[names[0]];
  return { fields, input: inputName, target: targetName, examples: first.shape[0] };
}

function fieldsOf(data: DataSpec, diag: Diagnostics): { fields: Record<string, FieldInfo>; input: string; target?: string } | null {
  switch (data.source) {
    case 'task': {
      const def = taskDef(data.task)!;
      return { fields: def.fields(data.settings), input: def.input, target: def.target };
    }
    case 'text':
      return { fields: textFields(data.sentences), input: 'text' };
    case 'pairs':
      return { fields: pairFields(data.pairs), input: 'source', target: 'target' };
    case 'tensors':
      return inlineFields(data.tensors, diag);
    default:
      return null;
  }
}

/** Inline tensors: every field must have the same number of examples (first axis). */
function inlineFields(tensors: Readonly<Record<string, InlineTensor>>, diag: Diagnostics) {
  const names = Object.keys(tensors);
  if (names.length === 0) return null;
  const n = tensors[names[0]].shape[0];
  const fields = dict<FieldInfo>();
  for (const name of names) {
    const t = tensors[name];
    if (t.shape[0] !== n) {
      diag.add('E_SHAPE', `tensor \`${name}\` has ${t.shape[0]} examples (rows), but \`${names[0]}\` has ${n}; every field needs one row per example`, t.range);
    }
    fields[name] = inlineInfo(t);
  }
  const input = fields.x ? 'x' : names[0];
  const target = fields.y ? 'y' : names.find((k) => k !== input);
  return { fields, input, target };
}

/** Whole non-negative numbers can also serve as ids (embedding input, cross_entropy target). */
function inlineInfo(t: InlineTensor): FieldInfo {
  const flat = [t.values].flat(Infinity as 1) as number[];
  const ids = flat.every((v) => Number.isInteger(v) && v >= 0);
  return ids ? { kind: 'float', shape: t.shape, classes: flat.reduce((m, v) => Math.max(m, v), 0) + 1 } : { kind: 'float', shape: t.shape };
}
