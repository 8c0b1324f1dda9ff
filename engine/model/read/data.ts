import { splitPair } from '../../data/pairs';
import type { NestedNumbers } from '../../tensor/tensor';
import { dict } from '../../dict';
import { reportUnknownKey } from '../attrs';
import { TASKS } from '../catalog/data';
import type { Diagnostics, SourceRange } from '../diagnostics';
import type { DataSource, DataSpec, InlineTensor, ValidationSpec } from '../spec';
import { describeNode, type SMap, type SNode } from '../source';
import { isArrayFormat, isTableFormat, readArraySource, readTableSource, readTextFile, TABLE_KEYS, TEXT_KEYS } from './dataFiles';
import { readKind } from './kind';
import { readValidation } from './validation';
import { NAME_PATTERN } from './refs';

/**
 * `data:` holds exactly one source — a built-in `task`, inline `tensors`, a `text` corpus,
 * source→target `pairs`, or a data file (`csv`, `tsv`, `npy`, `npz`, `safetensors`: read/dataFiles.ts)
 * — and optionally which fields are the model's `input` and the loss' `target`. A table's own keys
 * (`features`, `classes`, `standardize` …) stand beside its file, and its `target` names a column;
 * beside a safetensors file, any other key is a data field naming one of its tensors (`x: inputs`).
 * `text` and `pairs` are inline lists, or a file's path (`text: corpus.txt` with `tokens`,
 * `vocabulary` … beside it; `pairs: pairs.tsv`). `validation` holds examples out of training
 * (read/validation.ts).
 */
const SOURCES = ['task', 'tensors', 'text', 'pairs', 'csv', 'tsv', 'npy', 'npz', 'safetensors'] as const;
const KEYS = [...SOURCES, 'input', 'target', 'validation', ...TABLE_KEYS, ...TEXT_KEYS];

export function readData(node: SNode, diag: Diagnostics): DataSpec | null {
  if (node.kind !== 'map') {
    diag.add('E_TYPE', `\`data\` must be a mapping such as \`{ task: xor }\` or \`{ tensors: { x: …, y: … } }\`, got ${describeNode(node)}`, node.range);
    return null;
  }
  const ranges = dict<SourceRange>();
  let source: DataSource | null = null;
  let input: string | undefined;
  let target: string | undefined;
  let sourceKey: string | undefined;
  let validation: ValidationSpec | null = null;
  const table = node.entries.find((e) => isTableFormat(e.key));
  const textFile = node.entries.find((e) => e.key === 'text' && isPath(e.value));
  const beside = node.entries.filter((e) => (TABLE_KEYS.includes(e.key) && (table || e.key !== 'target')) || TEXT_KEYS.includes(e.key));
  const picks = node.entries.some((e) => e.key === 'safetensors') ? node.entries.filter((e) => !KEYS.includes(e.key)) : [];
  for (const e of node.entries) {
    ranges[e.key] = e.value.range;
    if (picks.includes(e)) continue;
    if (beside.includes(e)) {
      if (TEXT_KEYS.includes(e.key) && !textFile) diag.add('E_UNKNOWN_KEY', `\`${e.key}\` belongs to a text file: it needs \`text: <file>\` in \`data\``, e.keyRange);
      else if (!TEXT_KEYS.includes(e.key) && !table) diag.add('E_UNKNOWN_KEY', `\`${e.key}\` belongs to a table: it needs \`csv:\` or \`tsv:\` in \`data\``, e.keyRange);
      continue;
    }
    if (e.key === 'validation') {
      validation = readValidation(e.value, diag);
      continue;
    }
    if (e.key === 'input' || e.key === 'target') {
      const name = fieldName(e.value, e.key, diag);
      if (e.key === 'input') input = name;
      else target = name;
      continue;
    }
    if (!(SOURCES as readonly string[]).includes(e.key)) {
      reportUnknownKey(e.key, e.keyRange, KEYS, { diag, owner: '`data`' });
      continue;
    }
    if (sourceKey) {
      diag.add('E_CONFLICT', `\`data\` has both \`${sourceKey}\` and \`${e.key}\`; give one source of data`, e.keyRange);
      continue;
    }
    sourceKey = e.key;
    if (isTableFormat(e.key)) source = readTableSource(e.key, e.value, beside, diag);
    else if (isArrayFormat(e.key)) source = readArraySource(e.key, e.value, diag, picks);
    else if ((e.key === 'text' || e.key === 'pairs') && isPath(e.value)) source = readTextFile(e.key, e.value, beside, diag);
    else source = readSource(e.key, e.value, diag);
  }
  if (!sourceKey) diag.add('E_REQUIRED', '`data` needs one of `task` (a built-in toy task), `tensors`, `text`, `pairs`, or a data file: `csv`, `tsv`, `npy`, `npz`, `safetensors`', node.range);
  return source ? { ...source, input, target, ...(validation ? { validation } : {}), range: node.range, ranges } : null;
}

/** `text` and `pairs` name a file when they are one string, not a list. */
function isPath(node: SNode): boolean {
  return node.kind === 'scalar' && typeof node.value === 'string';
}

function fieldName(node: SNode, key: string, diag: Diagnostics): string | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string' && NAME_PATTERN.test(node.value)) return node.value;
  diag.add('E_TYPE', `data \`${key}\` must name a data field, e.g. \`x\`, got ${describeNode(node)}`, node.range);
  return undefined;
}

function readSource(key: string, node: SNode, diag: Diagnostics): DataSource | null {
  switch (key) {
    case 'task': {
      const t = readKind(node, TASKS.map((d) => ({ kind: d.task, attrs: d.attrs })), 'task', diag);
      return t && { source: 'task', task: t.kind, settings: t.settings, settingRanges: t.settingRanges, taskRange: t.kindRange };
    }
    case 'tensors':
      return readTensors(node, diag);
    case 'text': {
      const sentences = readStrings(node, '`text` (a list of sentences)', diag);
      return sentences && { source: 'text', sentences };
    }
    default:
      return readPairs(node, diag);
  }
}

function readTensors(node: SNode, diag: Diagnostics): DataSource | null {
  if (node.kind !== 'map' || node.entries.length === 0) {
    diag.add('E_TYPE', `\`tensors\` must map field names to nested lists of numbers, e.g. \`x: [[0, 1], [1, 0]]\`, got ${describeNode(node)}`, node.range);
    return null;
  }
  const tensors = dict<InlineTensor>();
  let ok = true;
  for (const e of (node as SMap).entries) {
    if (!NAME_PATTERN.test(e.key)) {
      diag.add('E_VALUE', `a data field name is a word of letters, digits and _, got "${e.key}"`, e.keyRange);
      ok = false;
      continue;
    }
    const t = readNested(e.value, `tensor \`${e.key}\``, diag);
    if (t) tensors[e.key] = t;
    else ok = false;
  }
  return ok ? { source: 'tensors', tensors } : null;
}

/** A rectangular nested list of numbers; ragged rows and non-numbers are reported where they are. */
export function readNested(node: SNode, what: string, diag: Diagnostics): InlineTensor | null {
  const shape: number[] = [];
  for (let n: SNode = node; n.kind === 'seq'; n = n.items[0]) {
    shape.push(n.items.length);
    if (n.items.length === 0) break;
  }
  if (shape.length === 0 || shape.includes(0)) {
    diag.add('E_TYPE', `${what} must be a non-empty list of numbers (nested for more axes), got ${describeNode(node)}`, node.range);
    return null;
  }
  const problems = diag.count;
  const values = nested(node, shape, 0, what, diag);
  return diag.count === problems ? { values, shape, range: node.range } : null;
}

function nested(node: SNode, shape: readonly number[], depth: number, what: string, diag: Diagnostics): NestedNumbers {
  if (depth === shape.length) {
    if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    diag.add('E_TYPE', `every entry of ${what} must be a finite number, got ${describeNode(node)}`, node.range);
    return 0;
  }
  if (node.kind !== 'seq' || node.items.length !== shape[depth]) {
    const got = node.kind === 'seq' ? `${node.items.length} entries` : describeNode(node);
    diag.add('E_SHAPE', `${what} is ragged: expected a list of ${shape[depth]} entries at depth ${depth + 1} (like the first), got ${got}`, node.range);
    return 0;
  }
  return node.items.map((item) => nested(item, shape, depth + 1, what, diag));
}

function readStrings(node: SNode, what: string, diag: Diagnostics): string[] | null {
  if (node.kind !== 'seq' || node.items.length === 0) {
    diag.add('E_TYPE', `${what} must be a non-empty list of strings, got ${describeNode(node)}`, node.range);
    return null;
  }
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim()) out.push(item.value);
    else diag.add('E_TYPE', `each entry of ${what} must be a sentence in quotes or plain text, got ${describeNode(item)}`, item.range);
  }
  return out.length === node.items.length ? out : null;
}

function readPairs(node: SNode, diag: Diagnostics): DataSource | null {
  const pairs = readStrings(node, '`pairs` (a list of "source words -> target words")', diag);
  if (!pairs || node.kind !== 'seq') return null;
  let ok = true;
  node.items.forEach((item, i) => {
    if (!splitPair(pairs[i])) {
      diag.add('E_VALUE', `a pair is written "source words -> target words" with exactly one \`->\`, got "${pairs[i]}"`, item.range);
      ok = false;
    }
  });
  return ok ? { source: 'pairs', pairs } : null;
}
