import { modelSchema } from '../../engine/model/schema';

/**
 * Reads the model file's JSON Schema (generated from the engine's catalogue) along a key path, for
 * completion and hover: which keys may stand here, which values, and what each means. The schema is
 * the one the parser obeys, so the editor never suggests what the parser would refuse.
 */
type Schema = { readonly [key: string]: unknown };

export interface KeyInfo {
  readonly name: string;
  readonly doc: string;
  /** The key's value schema (to know whether it takes a mapping, a list or a scalar). */
  readonly value: Schema;
  /** True for the kind key of a tagged entry (`linear:` in `- linear: {…}`). */
  readonly isKind: boolean;
  /** Keys that must be written under it (`out` for linear). */
  readonly required: readonly string[];
}

export interface ValueInfo {
  readonly value: string;
  readonly doc: string;
}

let cached: Schema | null = null;

function root(): Schema {
  cached ??= modelSchema() as Schema;
  return cached;
}

const asSchema = (v: unknown): Schema | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Schema) : null);

/** One schema node → its alternatives, with `$ref`s followed and `anyOf`/`oneOf` flattened. */
function branches(node: Schema | null, depth = 0): Schema[] {
  if (!node || depth > 12) return [];
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const target = asSchema((root().definitions as Schema)[ref.slice('#/definitions/'.length)]);
    return branches(target ? { ...target, ...(node.description ? { description: node.description } : {}) } : null, depth + 1);
  }
  const alternatives = [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])].map(asSchema).filter((s): s is Schema => s !== null);
  const own = { ...node };
  delete own.anyOf;
  delete own.oneOf;
  const hasOwn = Object.keys(own).some((k) => k !== 'description');
  return [...(hasOwn ? [own] : []), ...alternatives.flatMap((a) => branches({ ...a, ...(a.description === undefined && node.description ? { description: node.description } : {}) }, depth + 1))];
}

/** The schema alternatives at a path (`-` steps into list items). */
export function nodesAt(path: readonly string[]): Schema[] {
  let nodes = branches(root());
  for (const segment of path) {
    nodes = nodes.flatMap((n) => {
      if (segment === '-') return branches(asSchema(n.items));
      const props = asSchema(n.properties);
      if (props && segment in props) return branches(asSchema(props[segment]));
      const extra = asSchema(n.additionalProperties);
      return extra ? branches(extra) : [];
    });
  }
  return nodes;
}

/** The keys a mapping at `path` takes, each once, in schema order. */
export function keysAt(path: readonly string[]): KeyInfo[] {
  const seen = new Map<string, KeyInfo>();
  for (const node of nodesAt(path)) {
    const props = asSchema(node.properties);
    if (!props) continue;
    const tagged = node.maxProperties === 1 && Array.isArray(node.required) && node.required.length === 1;
    for (const [name, value] of Object.entries(props)) {
      if (name === '$schema' || seen.has(name)) continue;
      const v = asSchema(value) ?? {};
      const doc = String(v.description ?? (tagged ? (node.description ?? '') : ''));
      const required = branches(v).flatMap((b) => (Array.isArray(b.required) ? (b.required as string[]) : []));
      seen.set(name, { name, doc, value: v, isKind: tagged, required: [...new Set(required)] });
    }
  }
  return [...seen.values()];
}

/** The scalar values allowed at `path` (enums, kinds written bare, booleans), with what they mean. */
export function valuesAt(path: readonly string[]): ValueInfo[] {
  const nodes = nodesAt(path);
  const docOfKind = (value: string) => nodes.find((n) => n.maxProperties === 1 && asSchema(n.properties)?.[value] !== undefined)?.description;
  const out = new Map<string, ValueInfo>();
  for (const node of nodes) {
    if (Array.isArray(node.enum)) {
      for (const v of node.enum) out.set(String(v), { value: String(v), doc: String(docOfKind(String(v)) ?? node.description ?? '') });
    }
    if (node.type === 'boolean') {
      for (const v of ['true', 'false']) out.set(v, { value: v, doc: String(node.description ?? '') });
    }
  }
  return [...out.values()];
}

/** The description of the node at `path` (a key's meaning). */
export function docAt(path: readonly string[]): string {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  return keysAt(parent).find((k) => k.name === key)?.doc ?? '';
}

/** The default written in the schema for the key at `path`, if any. */
export function defaultAt(path: readonly string[]): unknown {
  for (const node of nodesAt(path)) if (node.default !== undefined) return node.default;
  const key = path[path.length - 1];
  for (const parent of nodesAt(path.slice(0, -1))) {
    const v = asSchema(asSchema(parent.properties)?.[key]);
    if (v?.default !== undefined) return v.default;
  }
  return undefined;
}

/** True where the value names a data field or a layer (`input: encoder.state`). */
export function isRefAt(path: readonly string[]): boolean {
  const refPattern = asSchema(asSchema(root().definitions)?.ref)?.pattern;
  return nodesAt(path).some((n) => n.pattern === refPattern);
}
