import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { Diagnostics, START_OF_FILE, type SourceRange } from './diagnostics';

/**
 * A model file as a small located tree: maps, sequences and scalars, each with the range of text it
 * came from. YAML and JSON both arrive here (JSON is YAML), so everything after this file is
 * independent of the `yaml` package. Nothing is evaluated: tags other than YAML's own are errors.
 */
export type SNode = SMap | SSeq | SScalar;

export interface SMap {
  readonly kind: 'map';
  readonly entries: readonly SEntry[];
  readonly range: SourceRange;
}

export interface SEntry {
  readonly key: string;
  readonly keyRange: SourceRange;
  readonly value: SNode;
}

export interface SSeq {
  readonly kind: 'seq';
  readonly items: readonly SNode[];
  readonly range: SourceRange;
}

export type ScalarValue = string | number | boolean | null;

export interface SScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly range: SourceRange;
}

/** How many nodes a file may expand to (aliases can multiply them). */
const MAX_NODES = 200_000;

/** Parses YAML or JSON text; syntax errors go to `diag` as E_YAML and the tree may be partial. */
export function readSource(text: string, diag: Diagnostics): SNode | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const rangeOf = (from: number, to: number): SourceRange => {
    // A block node's range runs over the line break after it; end at its last character instead.
    let end = Math.max(from, to);
    while (end > from && /\s/.test(text[end - 1])) end--;
    const a = lines.linePos(from);
    const b = lines.linePos(end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  for (const problem of [...doc.errors, ...doc.warnings]) {
    diag.add('E_YAML', yamlMessage(problem.code, problem.message), rangeOf(problem.pos[0], problem.pos[1]));
  }
  if (!doc.contents) return null;
  return new Converter(doc, rangeOf, diag).convert(doc.contents as YamlNode);
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping (map keys must be unique)';
  if (first.startsWith('Source contains multiple documents')) return 'a model file holds one document: remove this `---` and what follows, or move it to its own file';
  return first.endsWith('.') ? first.slice(0, -1) : first;
}

class Converter {
  private nodes = 0;
  private readonly open = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly rangeOf: (from: number, to: number) => SourceRange,
    private readonly diag: Diagnostics,
  ) {}

  convert(node: YamlNode, at?: SourceRange): SNode {
    const range = node.range ? this.rangeOf(node.range[0], node.range[1]) : (at ?? START_OF_FILE);
    if (++this.nodes > MAX_NODES) return this.tooLarge(range);
    if (isAlias(node)) return this.alias(node, range);
    if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
      this.diag.add('E_YAML', `the tag ${node.tag} has no meaning in a model file (model files are data, never code)`, range);
    }
    if (isMap(node)) {
      const entries: SEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const entry = this.entry(pair.key as YamlNode | null, pair.value as YamlNode | null, range);
        if (entry) entries.push(entry);
      }
      return { kind: 'map', entries, range };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, range)), range };
    }
    if (isScalar(node)) return { kind: 'scalar', value: scalarValue(node.value), range };
    return { kind: 'scalar', value: null, range };
  }

  private entry(key: YamlNode | null, value: YamlNode | null, parent: SourceRange): SEntry | null {
    if (!key || !isScalar(key) || key.value === null || typeof key.value === 'object') {
      const at = key?.range ? this.rangeOf(key.range[0], key.range[1]) : parent;
      this.diag.add('E_YAML', 'a key must be a plain word such as `name` or `layers`', at);
      return null;
    }
    const keyRange = key.range ? this.rangeOf(key.range[0], key.range[1]) : parent;
    // `key:` with nothing after it is null, placed just after the key so errors point there.
    const converted = value ? this.convert(value, keyRange) : { kind: 'scalar' as const, value: null, range: keyRange };
    const placed = isEmptyRange(converted.range) ? { ...converted, range: keyRange } : converted;
    return { key: String(key.value), keyRange, value: placed };
  }

  private alias(node: YamlNode & { resolve(doc: Document): YamlNode | undefined }, range: SourceRange): SNode {
    const target = node.resolve(this.doc);
    if (!target || this.open.has(target)) {
      this.diag.add('E_YAML', target ? 'this alias refers to a node that contains it' : 'this alias names no anchor', range);
      return { kind: 'scalar', value: null, range };
    }
    this.open.add(target);
    try {
      // The alias stands where it is written, so errors inside it point at the alias.
      return relocate(this.convert(target, range), range);
    } finally {
      this.open.delete(target);
    }
  }

  private tooLarge(range: SourceRange): SNode {
    if (this.nodes === MAX_NODES + 1) {
      this.diag.add('E_BUDGET', `the file expands to more than ${MAX_NODES.toLocaleString('en-US')} values (through aliases?); the budget is ${MAX_NODES.toLocaleString('en-US')}`, range);
    }
    return { kind: 'scalar', value: null, range };
  }
}

function scalarValue(v: unknown): ScalarValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function isEmptyRange(r: SourceRange): boolean {
  return r.line === r.endLine && r.column === r.endColumn;
}

function relocate(node: SNode, range: SourceRange): SNode {
  if (node.kind === 'map') return { ...node, range, entries: node.entries.map((e) => ({ key: e.key, keyRange: range, value: relocate(e.value, range) })) };
  if (node.kind === 'seq') return { ...node, range, items: node.items.map((i) => relocate(i, range)) };
  return { ...node, range };
}

/** The entry of a map with this key, if any. */
export function entryOf(map: SMap, key: string): SEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** What a node is, for "expected a number, got a list" messages. */
export function describeNode(node: SNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'nothing';
  if (typeof v === 'string') return `the text "${v.length > 30 ? `${v.slice(0, 27)}…` : v}"`;
  if (typeof v === 'boolean') return `${v}`;
  return `the number ${v}`;
}
