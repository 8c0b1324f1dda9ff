import type { Diagnostics } from '../diagnostics';
import type { InputRef } from '../spec';
import { describeNode, type SNode } from '../source';

/** Names of layers and data fields: a letter or `_`, then letters, digits, `_` (they appear in tensor names). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `encoder` or `encoder.state`; checked against the model later (E_REF). */
export function readRef(node: SNode, what: string, diag: Diagnostics, layer?: string): InputRef | null {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    diag.add('E_TYPE', `${what} must name a layer or data field, e.g. \`encoder\`, got ${describeNode(node)}`, node.range, layer);
    return null;
  }
  const text = node.value.trim();
  const parts = text.split('.');
  if (parts.length > 2 || !parts.every((p) => NAME_PATTERN.test(p))) {
    diag.add('E_VALUE', `${what} \`${text}\` is not a name: write a layer or data field (\`encoder\`), or a layer's output (\`encoder.state\`)`, node.range, layer);
    return null;
  }
  return parts.length === 2 ? { text, source: parts[0], output: parts[1], range: node.range, implicit: false } : { text, source: parts[0], range: node.range, implicit: false };
}

/** A list of references (the `inputs` of add / concat); a single name is accepted as a list of one. */
export function readRefList(node: SNode, what: string, diag: Diagnostics, layer?: string): InputRef[] {
  const items = node.kind === 'seq' ? node.items : [node];
  return items.map((n) => readRef(n, what, diag, layer)).filter((r): r is InputRef => r !== null);
}
