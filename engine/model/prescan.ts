import { count } from './budget';
import type { SourceRange } from './diagnostics';
import { LIMITS, overLimit, type Limit } from '../limits';

/**
 * One pass over the text of a model file, before the YAML parser sees it: its length, how deep it
 * nests, how many values and aliases it holds. The parser recurses once per level of nesting and
 * allocates per value, so these are checked here, in time linear in the text and without recursion.
 * The counts are estimates from the punctuation (`[`, `{`, `,`, `- `, `key:`, `*alias`, one value
 * per line), skipping quoted text, comments and block scalars (`|`, `>`); they err on the high side
 * by a small factor, far below the limits for any real model file. The tree built afterwards is
 * bounded again exactly (`source.ts`).
 */
export interface OverLimit {
  readonly limit: Limit;
  readonly message: string;
  readonly range: SourceRange;
}

export function prescan(text: string): OverLimit | null {
  if (text.length > LIMITS.fileChars.max) {
    const at = position(text, LIMITS.fileChars.max);
    return { limit: LIMITS.fileChars, message: overLimit(LIMITS.fileChars, `the file has ${count(text.length)} characters`), range: at };
  }
  return new Scanner(text).run();
}

/** Line and column (1-based) of an offset. */
function position(text: string, offset: number): SourceRange {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  const column = offset - start + 1;
  return { line, column, endLine: line, endColumn: column };
}

const SPACE = new Set([' ', '\t']);
/** Characters after which a token starts (a quote opens a string, `*` an alias, `|` a block scalar). */
const TOKEN_BEFORE = new Set([' ', '\t', '[', '{', ',']);

class Scanner {
  private nodes = 0;
  private aliases = 0;
  private flow = 0;
  private quote: '"' | "'" | null = null;
  /** Indentation of the enclosing block collections (outside flow `[…]` and `{…}`). */
  private readonly indents: number[] = [];
  /** Indentation of the line that opened a block scalar; deeper lines are its text. */
  private blockScalar: number | null = null;
  private line = 0;
  private over: OverLimit | null = null;

  constructor(private readonly text: string) {}

  run(): OverLimit | null {
    let start = 0;
    while (start <= this.text.length && !this.over) {
      const end = this.text.indexOf('\n', start);
      const stop = end < 0 ? this.text.length : end;
      this.line++;
      this.scanLine(start, stop);
      start = stop + 1;
    }
    return this.over;
  }

  private scanLine(start: number, end: number): void {
    const text = this.text;
    let i = start;
    while (i < end && SPACE.has(text[i])) i++;
    const indent = i - start;
    const blank = i === end || text[i] === '#';
    if (this.blockScalar !== null) {
      if (blank || indent > this.blockScalar) return;
      this.blockScalar = null;
    }
    if (blank && this.quote === null) return;
    let depth = this.flow;
    if (this.flow === 0 && this.quote === null) {
      while (this.indents.length && this.indents[this.indents.length - 1] > indent) this.indents.pop();
      if (!this.indents.length || this.indents[this.indents.length - 1] < indent) this.indents.push(indent);
      depth = this.indents.length;
      // `- - - x`: each indicator opens one more level on the same line.
      while (i < end && (text[i] === '-' || text[i] === '?') && (i + 1 === end || SPACE.has(text[i + 1])) && !this.over) {
        this.count(++depth, start, i);
        i++;
        while (i < end && SPACE.has(text[i])) i++;
      }
      this.count(depth, start, i);
    }
    this.scanTokens(i, end, start, depth);
  }

  private scanTokens(from: number, end: number, lineStart: number, blockDepth: number): void {
    const text = this.text;
    for (let i = from; i < end && !this.over; i++) {
      const c = text[i];
      if (this.quote !== null) {
        if (c === '\\' && this.quote === '"') i++;
        else if (c === this.quote && this.quote === "'" && text[i + 1] === "'") i++;
        else if (c === this.quote) this.quote = null;
        continue;
      }
      const tokenStart = i === from || TOKEN_BEFORE.has(text[i - 1]);
      if (c === '#' && (i === from || SPACE.has(text[i - 1]))) return;
      if (c === '[' || c === '{') {
        this.flow++;
        this.count(blockDepth + this.flow, lineStart, i);
      } else if (c === ']' || c === '}') this.flow = Math.max(0, this.flow - 1);
      else if (c === ',' && this.flow > 0) this.count(blockDepth + this.flow, lineStart, i);
      else if (c === ':' && (i + 1 === end || SPACE.has(text[i + 1]) || (this.flow > 0 && ',]}'.includes(text[i + 1])))) {
        this.count(blockDepth + this.flow + 1, lineStart, i);
      } else if (tokenStart && (c === '"' || c === "'")) this.quote = c;
      else if (tokenStart && c === '*') this.alias(lineStart, i);
      else if (tokenStart && (c === '|' || c === '>') && this.flow === 0 && /^[|>][-+0-9]*\s*(#.*)?$/.test(text.slice(i, end))) {
        this.blockScalar = this.indents[this.indents.length - 1] ?? 0;
        return;
      }
    }
  }

  /** One more value at this depth. */
  private count(depth: number, lineStart: number, i: number): void {
    if (this.over) return;
    if (depth > LIMITS.depth.max) this.stop(LIMITS.depth, `the file nests deeper than ${count(LIMITS.depth.max)} levels here`, lineStart, i);
    else if (++this.nodes > LIMITS.nodes.max) this.stop(LIMITS.nodes, `the file holds more than ${count(LIMITS.nodes.max)} values`, lineStart, i);
  }

  private alias(lineStart: number, i: number): void {
    if (++this.aliases > LIMITS.aliases.max) this.stop(LIMITS.aliases, `the file uses more than ${count(LIMITS.aliases.max)} aliases`, lineStart, i);
  }

  private stop(limit: Limit, what: string, lineStart: number, i: number): void {
    const column = i - lineStart + 1;
    this.over = { limit, message: overLimit(limit, what), range: { line: this.line, column, endLine: this.line, endColumn: column + 1 } };
  }
}
