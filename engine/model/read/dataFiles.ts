import { dict, own } from '../../dict';
import { readAttrs } from '../attrs';
import { ARRAY_FORMATS, TABLE_ATTRS, TABLE_FORMATS, TABLE_NAME_KEYS, TEXT_ATTRS } from '../catalog/files';
import type { Diagnostics } from '../diagnostics';
import type { ArraySource, FeatureChoice, FileRef, NameRef, TableSource, TextFileSource } from '../spec';
import { describeNode, type SEntry, type SMap, type SNode } from '../source';
import { NAME_PATTERN } from './refs';

/**
 * `data:` sources read from files: a table (`csv:` / `tsv:` with its `features`, `target`, `classes`
 * and settings beside it) or arrays (`npy:`, `npz:`). Only the model file is read here; the files
 * themselves are read by the host and parsed by the checker (model/data-files.ts).
 */
export const TABLE_KEYS: readonly string[] = [...Object.keys(TABLE_NAME_KEYS), ...Object.keys(TABLE_ATTRS)];

/** The keys a text file takes beside it (`tokens`, `vocabulary` …). */
export const TEXT_KEYS: readonly string[] = Object.keys(TEXT_ATTRS);

/** `text: corpus.txt` with its keys beside it, or `pairs: pairs.tsv`. */
export function readTextFile(key: 'text' | 'pairs', node: SNode, beside: readonly SEntry[], diag: Diagnostics): TextFileSource | null {
  const file = readPath(node, `\`${key}\``, diag);
  const settings: SMap = { kind: 'map', entries: key === 'text' ? beside.filter((e) => own(TEXT_ATTRS, e.key)) : [], range: node.range };
  const read = readAttrs(settings, TEXT_ATTRS, { diag, owner: 'the text file', at: node.range });
  return file && { source: key === 'text' ? 'textFile' : 'pairsFile', file, settings: read.values, settingRanges: read.ranges };
}

export function isTableFormat(key: string): key is TableSource['format'] {
  return TABLE_FORMATS.some((f) => f.key === key);
}

export function isArrayFormat(key: string): key is ArraySource['format'] {
  return ARRAY_FORMATS.some((f) => f.key === key);
}

/** A table: the file, and the table's keys written beside it in `data:` (`target` among them). */
export function readTableSource(format: TableSource['format'], node: SNode, beside: readonly SEntry[], diag: Diagnostics): TableSource | null {
  const file = readPath(node, format, diag);
  const entry = (key: string) => beside.find((e) => e.key === key);
  const settings: SMap = { kind: 'map', entries: beside.filter((e) => own(TABLE_ATTRS, e.key)), range: node.range };
  const read = readAttrs(settings, TABLE_ATTRS, { diag, owner: `the ${format} table`, at: node.range });
  const features = entry('features') && readFeatures(entry('features')!.value, diag);
  const target = entry('target');
  const column = target && readNames(target.value, 'the target column', diag, false)?.[0];
  const classes = entry('classes') && readNames(entry('classes')!.value, '`classes`', diag, true);
  if (!file) return null;
  return { source: 'table', format, file, settings: read.values, settingRanges: read.ranges, ...(features ? { features } : {}), ...(column ? { column } : {}), ...(classes ? { classes } : {}) };
}

/**
 * `npy: { x: x.npy, y: y.npy }`, `npz: data.npz`, or `safetensors: data.safetensors` with the fields
 * `beside` it naming its tensors (`x: inputs`).
 */
export function readArraySource(format: ArraySource['format'], node: SNode, diag: Diagnostics, beside: readonly SEntry[] = []): ArraySource | null {
  if (format === 'npz') {
    const file = readPath(node, 'npz', diag);
    return file && { source: 'arrays', format, files: [{ file }] };
  }
  if (format === 'safetensors') {
    const file = readPath(node, 'safetensors', diag);
    const keys = beside.map((e) => ({ field: e.key, key: readNames(e.value, `field \`${e.key}\` (a tensor of the safetensors file)`, diag, false)?.[0] }));
    const named = keys.filter((k): k is { field: string; key: NameRef } => k.key !== undefined);
    for (const e of beside) if (!NAME_PATTERN.test(e.key)) diag.add('E_VALUE', `a data field name is a word of letters, digits and _, got "${e.key}"`, e.keyRange);
    return file && named.length === keys.length ? { source: 'arrays', format, files: [{ file }], ...(named.length ? { keys: named } : {}) } : null;
  }
  if (node.kind !== 'map' || node.entries.length === 0) {
    diag.add('E_TYPE', `\`npy\` maps data fields to .npy files, e.g. \`{ x: x.npy, y: y.npy }\`, got ${describeNode(node)}`, node.range);
    return null;
  }
  const files: { field: string; file: FileRef }[] = [];
  for (const e of node.entries) {
    if (!NAME_PATTERN.test(e.key)) diag.add('E_VALUE', `a data field name is a word of letters, digits and _, got "${e.key}"`, e.keyRange);
    const file = readPath(e.value, `field \`${e.key}\``, diag);
    if (file) files.push({ field: e.key, file });
  }
  return files.length === node.entries.length ? { source: 'arrays', format, files } : null;
}

/** A path relative to the model file; a URL or an empty path is an error (data is read from the workspace, never fetched). */
export function readPath(node: SNode, what: string, diag: Diagnostics): FileRef | null {
  if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.trim()) {
    diag.add('E_TYPE', `${what} must be a file path relative to the model file, e.g. \`iris.csv\`, got ${describeNode(node)}`, node.range);
    return null;
  }
  const path = node.value.trim();
  if (/^[a-z][a-z0-9+.-]+:/i.test(path)) {
    diag.add('E_VALUE', `${what}: "${path}" is a URL; a data file is a path relative to the model file (data is never fetched)`, node.range);
    return null;
  }
  return { path, range: node.range };
}

function readFeatures(node: SNode, diag: Diagnostics): FeatureChoice | undefined {
  if (node.kind === 'map') {
    const allBut = node.entries.find((e) => e.key === 'all_but');
    const other = node.entries.find((e) => e.key !== 'all_but');
    if (other) diag.add('E_UNKNOWN_KEY', `unknown key \`${other.key}\` in \`features\`; it takes \`all_but\``, other.keyRange);
    const columns = allBut && readNames(allBut.value, '`all_but`', diag, true);
    return columns ? { kind: 'all_but', columns } : undefined;
  }
  const columns = readNames(node, '`features`', diag, true);
  return columns ? { kind: 'columns', columns } : undefined;
}

/** Column names or labels: text or numbers as written (a header may be `0`), one or a list. */
function readNames(node: SNode, what: string, diag: Diagnostics, list: boolean): NameRef[] | undefined {
  const items = node.kind === 'seq' && list ? node.items : [node];
  const names: NameRef[] = [];
  const seen = dict<true>();
  for (const item of items) {
    if (item.kind !== 'scalar' || item.value === null || typeof item.value === 'boolean' || String(item.value).trim() === '') {
      diag.add('E_TYPE', `${what} ${list ? 'is a list of column names' : 'is a column name'}, e.g. ${list ? '`[sepal_length, sepal_width]`' : '`species`'}, got ${describeNode(item)}`, item.range);
      return undefined;
    }
    const name = String(item.value).trim();
    if (seen[name]) diag.add('E_DUPLICATE', `${what} names \`${name}\` twice`, item.range);
    seen[name] = true;
    names.push({ name, range: item.range });
  }
  if (names.length === 0) {
    diag.add('E_TYPE', `${what} must name at least one column`, node.range);
    return undefined;
  }
  return names;
}
