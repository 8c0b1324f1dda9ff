import { dict, own } from '../dict';
import { LIMITS } from '../limits';
import type { Diagnostics, SourceRange } from './diagnostics';
import { describeNode, type SMap, type SNode } from './source';
import { suggestion } from './suggest';

/**
 * Typed settings, as the catalogue declares them for layers, data tasks, losses, optimizers and
 * schedules: type, range, default and a one-line doc. Reading a mapping against such a table checks
 * every key (unknown keys get a did-you-mean), every type and range, and fills in defaults.
 */
export type AttrValue = number | boolean | string | readonly number[];

export type AttrType =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'string' }
  | { readonly kind: 'int_list'; readonly min?: number; readonly max?: number; readonly minItems?: number; readonly maxItems?: number }
  /** A check that is on or off, with a threshold: `false`, `true` (the default threshold) or a number. */
  | { readonly kind: 'switch'; readonly min: number; readonly max?: number; readonly threshold: number };

export interface AttrDef {
  readonly type: AttrType;
  /** Missing and not required: inferred (from the input's shape or the data) or simply off. */
  readonly default?: AttrValue;
  readonly required?: boolean;
  readonly doc: string;
}

export type AttrTable = Readonly<Record<string, AttrDef>>;

export interface ReadAttrs {
  readonly values: Record<string, AttrValue>;
  /** Where each key the user wrote stands (the value's range). */
  readonly ranges: Record<string, SourceRange>;
}

export interface ReadContext {
  readonly diag: Diagnostics;
  /** `linear layer "hidden"`, `optimizer "adam"`: who owns the settings, for messages. */
  readonly owner: string;
  /** The layer, for diagnostics that concern one. */
  readonly layer?: string;
  /** Keys read elsewhere (a layer's `name`, `inputs`), allowed but not read here. */
  readonly reserved?: readonly string[];
  /** Where to point when a required key is missing. */
  readonly at: SourceRange;
}

/** Reads `map` (or nothing, for `- tanh`) against `table`; defaults fill what was not written. */
export function readAttrs(map: SMap | null, table: AttrTable, ctx: ReadContext): ReadAttrs {
  const values = dict<AttrValue>();
  const ranges = dict<SourceRange>();
  for (const entry of map?.entries ?? []) {
    if (ctx.reserved?.includes(entry.key)) continue;
    const def = own(table, entry.key);
    if (!def) {
      reportUnknownKey(entry.key, entry.keyRange, [...Object.keys(table), ...(ctx.reserved ?? [])], ctx);
      continue;
    }
    const value = readValue(entry.value, def.type, `\`${entry.key}\` of ${ctx.owner}`, ctx);
    ranges[entry.key] = entry.value.range;
    // A bad value was reported; its default stands in so later checks do not trip over a hole.
    const used = value ?? def.default;
    if (used !== undefined) values[entry.key] = used;
  }
  for (const [key, def] of Object.entries(table)) {
    if (key in ranges) continue;
    if (def.required) ctx.diag.add('E_REQUIRED', `${ctx.owner} needs \`${key}\`: ${def.doc}`, ctx.at, ctx.layer);
    else if (def.default !== undefined) values[key] = def.default;
  }
  return { values, ranges };
}

export function reportUnknownKey(key: string, at: SourceRange, knownKeys: readonly string[], ctx: Pick<ReadContext, 'diag' | 'owner' | 'layer'>): void {
  const known = [...new Set(knownKeys)];
  const hint = suggestion(key, known) || (known.length ? `; ${ctx.owner} takes ${known.map((k) => `\`${k}\``).join(', ')}` : `; ${ctx.owner} takes no settings`);
  ctx.diag.add('E_UNKNOWN_KEY', `unknown key \`${key}\` in ${ctx.owner}${hint}`, at, ctx.layer);
}

/** One value of a given type; a wrong type or range is reported and gives undefined. */
export function readValue(node: SNode, type: AttrType, what: string, ctx: Pick<ReadContext, 'diag' | 'layer'>): AttrValue | undefined {
  const bad = (code: 'E_TYPE' | 'E_VALUE', expected: string): undefined => {
    ctx.diag.add(code, `${what} must be ${expected}, got ${describeNode(node)}`, node.range, ctx.layer);
    return undefined;
  };
  if (type.kind === 'int_list') return readIntList(node, type, what, ctx);
  if (type.kind === 'switch' && node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  if (node.kind !== 'scalar') return bad('E_TYPE', typeText(type));
  const v = node.value;
  switch (type.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('E_TYPE', 'true or false');
    case 'string':
      return typeof v === 'string' ? v : bad('E_TYPE', 'text');
    case 'enum':
      if (typeof v !== 'string') return bad('E_TYPE', typeText(type));
      if (!type.values.includes(v)) {
        ctx.diag.add('E_VALUE', `${what} must be ${typeText(type)}, got "${v}"${suggestion(v, type.values)}`, node.range, ctx.layer);
        return undefined;
      }
      return v;
    default:
      if (typeof v !== 'number') return bad('E_TYPE', typeText(type));
      if (!Number.isFinite(v)) return bad('E_VALUE', `a finite number`);
      if (type.kind === 'int' && !Number.isInteger(v)) return bad('E_TYPE', typeText(type));
      if (type.kind === 'switch') return inRange(v, { ...type, minExclusive: true }) ? v : bad('E_VALUE', typeText(type));
      return inRange(v, type) ? v : bad('E_VALUE', typeText(type));
  }
}

function readIntList(node: SNode, type: Extract<AttrType, { kind: 'int_list' }>, what: string, ctx: Pick<ReadContext, 'diag' | 'layer'>): AttrValue | undefined {
  if (node.kind !== 'seq') {
    ctx.diag.add('E_TYPE', `${what} must be ${typeText(type)}, got ${describeNode(node)}`, node.range, ctx.layer);
    return undefined;
  }
  if (type.maxItems !== undefined && node.items.length > type.maxItems) {
    ctx.diag.add('E_VALUE', `${what} must have at most ${type.maxItems} entries, got ${node.items.length}`, node.range, ctx.layer);
    return undefined;
  }
  const out: number[] = [];
  const item: AttrType = { kind: 'int', min: type.min, max: type.max };
  for (const n of node.items) {
    const v = readValue(n, item, `each entry of ${what}`, ctx);
    if (typeof v === 'number') out.push(v);
  }
  if (out.length !== node.items.length) return undefined;
  if (out.length < (type.minItems ?? 0)) {
    ctx.diag.add('E_VALUE', `${what} must have at least ${type.minItems} entries, got ${out.length}`, node.range, ctx.layer);
    return undefined;
  }
  return out;
}

function inRange(v: number, t: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): boolean {
  if (t.min !== undefined && (t.minExclusive ? v <= t.min : v < t.min)) return false;
  if (t.max !== undefined && (t.maxExclusive ? v >= t.max : v > t.max)) return false;
  return true;
}

/** `an integer ≥ 1`, `a number in (0, 1)`, `one of "dot", "general"` — used by messages and docs. */
export function typeText(type: AttrType): string {
  switch (type.kind) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'enum':
      return `one of ${type.values.map((v) => `"${v}"`).join(', ')}`;
    case 'int_list': {
      const each = typeText({ kind: 'int', min: type.min, max: type.max }).replace('an integer', '');
      return `a list of${type.maxItems !== undefined ? ` at most ${type.maxItems}` : ''} integers${each}`;
    }
    case 'switch':
      return `true, false or a threshold ${type.max !== undefined ? `in (${type.min}, ${type.max}]` : `> ${type.min}`}`;
    default: {
      const what = type.kind === 'int' ? 'an integer' : 'a number';
      const t = type as { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean };
      if (t.min !== undefined && t.max !== undefined) return `${what} in ${t.minExclusive ? '(' : '['}${t.min}, ${t.max}${t.maxExclusive ? ')' : ']'}`;
      if (t.min !== undefined) return `${what} ${t.minExclusive ? '>' : '≥'} ${t.min}`;
      if (t.max !== undefined) return `${what} ${t.maxExclusive ? '<' : '≤'} ${t.max}`;
      return what;
    }
  }
}

/** Small constructors so catalogue tables read as one line per setting. */
export const int = (doc: string, opts: { min?: number; max?: number; default?: number; required?: boolean } = {}): AttrDef => ({
  type: { kind: 'int', min: opts.min, max: opts.max },
  default: opts.default,
  required: opts.required,
  doc,
});
/** An integer that sizes something (a width, a count of examples or buckets): at most `LIMITS.size.max`. */
export const size = (doc: string, opts: { min?: number; max?: number; default?: number; required?: boolean } = {}): AttrDef => int(doc, { max: LIMITS.size.max, ...opts });
export const num = (
  doc: string,
  opts: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; default?: number; required?: boolean } = {},
): AttrDef => ({
  type: { kind: 'number', min: opts.min, max: opts.max, minExclusive: opts.minExclusive, maxExclusive: opts.maxExclusive },
  default: opts.default,
  required: opts.required,
  doc,
});
export const bool = (doc: string, dflt?: boolean): AttrDef => ({ type: { kind: 'boolean' }, default: dflt, doc });
export const oneOf = (doc: string, values: readonly string[], dflt?: string): AttrDef => ({ type: { kind: 'enum', values }, default: dflt, doc });
export const onOff = (doc: string, threshold: number, opts: { min: number; max?: number; default: boolean | number }): AttrDef => ({
  type: { kind: 'switch', min: opts.min, max: opts.max, threshold },
  default: opts.default,
  doc,
});
export const intList = (doc: string, opts: { min?: number; max?: number; minItems?: number; maxItems?: number; default?: readonly number[]; required?: boolean } = {}): AttrDef => ({
  type: { kind: 'int_list', min: opts.min, max: opts.max, minItems: opts.minItems, maxItems: opts.maxItems },
  default: opts.default,
  required: opts.required,
  doc,
});
