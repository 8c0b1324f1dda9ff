import { readAttrs } from '../attrs';
import { VALIDATION_ATTRS } from '../catalog/files';
import type { Diagnostics } from '../diagnostics';
import type { ValidationSpec } from '../spec';
import { describeNode, type SMap, type SNode } from '../source';
import { readPath } from './dataFiles';

/** `validation: 0.2`, `validation: { fraction: 0.2, every: 10 }` or `validation: { file: val.csv }`. */
export function readValidation(node: SNode, diag: Diagnostics): ValidationSpec | null {
  if (node.kind === 'scalar' && typeof node.value === 'number') {
    const read = readAttrs(asMap('fraction', node), VALIDATION_ATTRS, { diag, owner: '`validation`', at: node.range });
    return read.values.fraction === undefined ? null : { fraction: read.values.fraction as number, every: null, range: node.range };
  }
  if (node.kind !== 'map') {
    diag.add('E_TYPE', `\`validation\` is a fraction such as \`0.2\` or a map such as \`{ file: val.csv, every: 10 }\`, got ${describeNode(node)}`, node.range);
    return null;
  }
  const fileEntry = node.entries.find((e) => e.key === 'file');
  const read = readAttrs(node, VALIDATION_ATTRS, { diag, owner: '`validation`', at: node.range, reserved: ['file'] });
  const file = fileEntry ? readPath(fileEntry.value, '`validation.file`', diag) : null;
  const fraction = read.values.fraction as number | undefined;
  if (fileEntry && fraction !== undefined) {
    diag.add('E_CONFLICT', '`validation` has both `fraction` and `file`; hold out a fraction of the data or give a second file', fileEntry.keyRange);
    return null;
  }
  if (!file && fraction === undefined) {
    if (!fileEntry) diag.add('E_REQUIRED', '`validation` needs `fraction` (e.g. `0.2`) or `file` (a second data file)', node.range);
    return null;
  }
  const every = (read.values.every as number | undefined) ?? null;
  return { ...(file ? { file } : { fraction }), every, range: node.range };
}

function asMap(key: string, value: SNode): SMap {
  return { kind: 'map', entries: [{ key, keyRange: value.range, value }], range: value.range };
}
