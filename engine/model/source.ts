import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { count } from './budget';
import { Diagnostics, START_OF_FILE, type SourceRange } from './diagnostics';
import { LIMITS, overLimit, type Limit } from '../limits';
import { prescan } from './prescan';

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

/**
 * Parses YAML or JSON text; syntax errors go to `diag` as E_YAML and the tree may be partial. Text
 * that is not UTF-8, or over a limit of `limits.ts`, is one located error and no tree.
 */
export function readSource(text: string, diag: Diagnostics): SNode | null {
  const encoding = encodingProblem(text);
  if (encoding) {
    diag.add('E_ENCODING', encoding, START_OF_FILE);
    return null;
  }
  // YAML ends lines at CR, LF or CR LF; the parser knows only the last two. Same length, same offsets.
  const lf = text.replace(/\r(?!\n)/g, '\n');
  const over = prescan(lf);
  if (over) {
    diag.add('E_BUDGET', over.message, over.range);
    return null;
  }
  const lines = new LineCounter();
  // Keys are checked for duplicates while converting: the parser's own check is quadratic in a map's size.
  const doc = parseDocument(lf, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  const rangeOf = (from: number, to: number): SourceRange => {
    // A block node's range runs over the line break after it; end at its last character instead.
    let end = Math.max(from, to);
    while (end > from && /\s/.test(lf[end - 1])) end--;
    const a = lines.linePos(from);
    const b = lines.linePos(end);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  let overflowed = false;
  for (const problem of [...doc.errors, ...doc.warnings]) {
    // Nesting the scan did not foresee: the parser's recursion ran out. Said once, as the limit.
    if (problem.message.includes('Maximum call stack size exceeded')) {
      if (!overflowed) diag.add('E_BUDGET', overLimit(LIMITS.depth, 'the file nests too deep to read'), rangeOf(problem.pos[0], problem.pos[1]));
      overflowed = true;
      continue;
    }
    diag.add('E_YAML', yamlMessage(problem.message), rangeOf(problem.pos[0], problem.pos[1]));
  }
  if (!doc.contents || overflowed) return null;
  const converter = new Converter(anchorsOf(doc), rangeOf, diag);
  const tree = converter.convert(doc.contents as YamlNode, START_OF_FILE, 0);
  return converter.cutOff ? null : tree;
}

/** Why the text cannot be a model file's (it was not saved as UTF-8), or null. */
function encodingProblem(text: string): string | null {
  // UTF-16's byte-order mark (FF FE or FE FF) read as UTF-8 is two replacement characters.
  const bom = text.startsWith('\uFFFD\uFFFD') || text.startsWith('\uFFFE');
  const nul = text.indexOf('\u0000');
  if (!bom && nul < 0) return null;
  const why = bom ? 'it starts with the byte-order mark of UTF-16' : `it holds NUL bytes (the first at character ${nul + 1}), as UTF-16 or binary files do`;
  return `a model file is UTF-8 text, but ${why}; save it as UTF-8`;
}

/** Every alias's anchored node, found in one walk (the library's own lookup walks the whole document per alias). */
function anchorsOf(doc: Document): Map<YamlNode, YamlNode> {
  const latest = new Map<string, YamlNode>();
  const targets = new Map<YamlNode, YamlNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (first.startsWith('Source contains multiple documents')) return 'a model file holds one document: remove this `---` and what follows, or move it to its own file';
  return first.endsWith('.') ? first.slice(0, -1) : first;
}

const DUPLICATE_KEY = 'this key appears twice in the same mapping (map keys must be unique)';

class Converter {
  private nodes = 0;
  private readonly open = new Set<YamlNode>();
  private readonly reported = new Set<Limit>();

  constructor(
    private readonly anchors: ReadonlyMap<YamlNode, YamlNode>,
    private readonly rangeOf: (from: number, to: number) => SourceRange,
    private readonly diag: Diagnostics,
  ) {}

  /**
   * `at`: where to point when the node has no range of its own. `alias`: inside an alias, every node
   * stands where the alias is written, so errors inside it point at the alias.
   */
  convert(node: YamlNode, at: SourceRange, depth: number, alias?: SourceRange): SNode {
    const range = alias ?? (node.range ? this.rangeOf(node.range[0], node.range[1]) : at);
    if (++this.nodes > LIMITS.nodes.max) return this.over(LIMITS.nodes, `the file expands to more than ${count(LIMITS.nodes.max)} values (through aliases?)`, range);
    if (depth > LIMITS.depth.max) return this.over(LIMITS.depth, `the file nests deeper than ${count(LIMITS.depth.max)} levels (through aliases?)`, range);
    if (isAlias(node)) return this.alias(node, range, depth);
    if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
      this.diag.add('E_YAML', `the tag ${node.tag} has no meaning in a model file (model files are data, never code)`, range);
    }
    if (isMap(node)) return this.map(node.items, range, depth, alias);
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, range, depth + 1, alias)), range };
    }
    if (isScalar(node)) return { kind: 'scalar', value: scalarValue(node.value), range };
    return { kind: 'scalar', value: null, range };
  }

  private map(items: readonly unknown[], range: SourceRange, depth: number, alias?: SourceRange): SMap {
    const entries: SEntry[] = [];
    const seen = new Set<string>();
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const entry = this.entry(pair.key as YamlNode | null, pair.value as YamlNode | null, range, depth + 1, alias);
      if (!entry) continue;
      if (seen.has(entry.key)) this.diag.add('E_YAML', DUPLICATE_KEY, entry.keyRange);
      else entries.push(entry);
      seen.add(entry.key);
    }
    return { kind: 'map', entries, range };
  }

  private entry(key: YamlNode | null, value: YamlNode | null, parent: SourceRange, depth: number, alias?: SourceRange): SEntry | null {
    if (!key || !isScalar(key) || key.value === null || typeof key.value === 'object') {
      const at = alias ?? (key?.range ? this.rangeOf(key.range[0], key.range[1]) : parent);
      this.diag.add('E_YAML', 'a key must be a plain word such as `name` or `layers`', at);
      return null;
    }
    const keyRange = alias ?? (key.range ? this.rangeOf(key.range[0], key.range[1]) : parent);
    // `key:` with nothing after it is null, placed just after the key so errors point there.
    const converted = value ? this.convert(value, keyRange, depth, alias) : { kind: 'scalar' as const, value: null, range: keyRange };
    const placed = isEmptyRange(converted.range) ? { ...converted, range: keyRange } : converted;
    return { key: String(key.value), keyRange, value: placed };
  }

  private alias(node: YamlNode, range: SourceRange, depth: number): SNode {
    const target = this.anchors.get(node);
    if (!target || this.open.has(target)) {
      this.diag.add('E_YAML', target ? 'this alias refers to a node that contains it' : 'this alias names no anchor', range);
      return { kind: 'scalar', value: null, range };
    }
    this.open.add(target);
    try {
      return this.convert(target, range, depth, range);
    } finally {
      this.open.delete(target);
    }
  }

  /** A limit was reached: the tree is incomplete, and what follows from it would mislead. */
  get cutOff(): boolean {
    return this.reported.size > 0;
  }

  /** Reported once per limit; the rest of the tree is cut off there. */
  private over(limit: Limit, what: string, range: SourceRange): SNode {
    if (!this.reported.has(limit)) this.diag.add('E_BUDGET', overLimit(limit, what), range);
    this.reported.add(limit);
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
