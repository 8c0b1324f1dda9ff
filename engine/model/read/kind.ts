import { readAttrs, type AttrTable } from '../attrs';
import type { Diagnostics, SourceRange } from '../diagnostics';
import type { KindSpec } from '../spec';
import { describeNode, type SMap, type SNode } from '../source';
import { suggestion } from '../suggest';

/**
 * One idiom runs through the format: a thing is its kind, alone or with settings —
 * `optimizer: adam` or `optimizer: { adam: { beta1: 0.8 } }`, `- tanh` or `- linear: { out: 4 }`.
 * This file reads that shape; the caller gives the table of kinds.
 */
export interface KindHead {
  readonly kind: string;
  readonly kindRange: SourceRange;
  /** The settings mapping, or null when none was written. */
  readonly settings: SMap | null;
  readonly range: SourceRange;
}

/** `what` names the thing for messages: "layer", "optimizer", "task". */
export function readKindHead(node: SNode, kinds: readonly string[], what: string, diag: Diagnostics): KindHead | null {
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    return checkKind(node.value, node.range, null, node.range, kinds, what, diag);
  }
  if (node.kind !== 'map' || node.entries.length === 0) {
    diag.add('E_TYPE', `a ${what} is written as its kind (\`${kinds[0]}\`) or its kind with settings (\`${kinds[0]}: { … }\`), got ${describeNode(node)}`, node.range);
    return null;
  }
  const [head, ...rest] = node.entries;
  let settings: SMap | null = null;
  if (head.value.kind === 'map') settings = head.value;
  else if (!(head.value.kind === 'scalar' && head.value.value === null)) {
    diag.add('E_TYPE', `the settings of ${what} \`${head.key}\` must be a mapping such as \`{ key: value }\`, got ${describeNode(head.value)}`, head.value.range);
  }
  if (rest.length > 0) {
    // `- linear:` followed by `out: 4` at the same indentation: the settings belong one level deeper.
    diag.add('E_TYPE', `\`${rest[0].key}\` stands beside \`${head.key}\`; a ${what}'s settings go inside it: indent them under \`${head.key}:\` or write \`${head.key}: { ${rest[0].key}: … }\``, rest[0].keyRange);
    if (!settings) settings = { kind: 'map', entries: rest, range: node.range };
  }
  return checkKind(head.key, head.keyRange, settings, node.range, kinds, what, diag);
}

function checkKind(kind: string, kindRange: SourceRange, settings: SMap | null, range: SourceRange, kinds: readonly string[], what: string, diag: Diagnostics): KindHead | null {
  if (!kinds.includes(kind)) {
    diag.add('E_UNKNOWN_KIND', `unknown ${what} \`${kind}\`${suggestion(kind, kinds) || `; the ${what}s are ${kinds.join(', ')}`}`, kindRange);
    return null;
  }
  return { kind, kindRange, settings, range };
}

/** A kind with its settings read against its table (defaults filled in). */
export function readKind(node: SNode, table: readonly { kind: string; attrs: AttrTable }[], what: string, diag: Diagnostics, reserved: readonly string[] = []): (KindSpec & { settingsMap: SMap | null }) | null {
  const head = readKindHead(node, table.map((k) => k.kind), what, diag);
  if (!head) return null;
  const def = table.find((k) => k.kind === head.kind)!;
  const read = readAttrs(head.settings, def.attrs, { diag, owner: `${what} \`${head.kind}\``, reserved, at: head.kindRange });
  return { kind: head.kind, settings: read.values, settingRanges: read.ranges, range: head.range, kindRange: head.kindRange, settingsMap: head.settings };
}
