/**
 * Where the cursor stands in a model file, as a path of keys from the top (`-` for a list item):
 * `['model', '-', 'linear']` inside a layer's settings. Files are read while being typed, so this is a
 * line scanner, not a parser: it follows indentation upwards and flow brackets (`{ … }`, `[ … ]`) on
 * the cursor's own line, and it never fails — an odd line just gives a shorter path.
 */
export interface CursorContext {
  /** Keys leading to the mapping (or list) the cursor is in. */
  readonly path: readonly string[];
  /** Typing a key (`out|`), or the value of `key` (`init: xa|`), or an item of a flow list (key null). */
  readonly position: { readonly kind: 'key' } | { readonly kind: 'value'; readonly key: string | null };
  /** The word being typed, and the column where it starts (0-based). */
  readonly word: string;
  readonly wordStart: number;
}

interface LineShape {
  readonly indent: number;
  /** Columns of the `- ` list markers at the start. */
  readonly dashes: readonly number[];
  /** Column where the content after the markers starts. */
  readonly content: number;
  /** The key written on this line, if the content is `key:` with nothing (or a comment) after it. */
  readonly openKey: string | null;
  /** Any key written first on the line. */
  readonly key: string | null;
  readonly blank: boolean;
}

function shapeOf(line: string): LineShape {
  const indent = line.length - line.trimStart().length;
  const dashes: number[] = [];
  let at = indent;
  while (line[at] === '-' && (line[at + 1] === ' ' || at + 1 === line.length)) {
    dashes.push(at);
    at += 2;
    while (line[at] === ' ') at++;
  }
  const rest = line.slice(at);
  const keyMatch = /^(["']?)([\w$.-]+)\1\s*:(\s|$)/.exec(rest);
  const afterKey = keyMatch ? rest.slice(keyMatch[0].length).trim() : '';
  const blank = rest.trim() === '' ? dashes.length === 0 : rest.trimStart().startsWith('#') && dashes.length === 0;
  return {
    indent,
    dashes,
    content: at,
    key: keyMatch ? keyMatch[2] : null,
    openKey: keyMatch && (afterKey === '' || afterKey.startsWith('#')) ? keyMatch[2] : null,
    blank,
  };
}

/** The keys above the cursor's line, outermost first, for content starting at column `column`. */
function ancestors(lines: readonly string[], lineIndex: number, column: number, inListItem: boolean): string[] {
  const path: string[] = [];
  let threshold = column;
  let sameIndentParent = inListItem;
  for (let i = lineIndex - 1; i >= 0 && (threshold > 0 || sameIndentParent); i--) {
    const s = shapeOf(lines[i]);
    if (s.blank) continue;
    // A block list may sit at the same indentation as its key (`model:` then `- linear` below it).
    const parentAtSameIndent = sameIndentParent && s.indent === threshold && s.dashes.length === 0 && s.openKey !== null;
    if (s.indent >= threshold && !parentAtSameIndent) continue;
    const segments: string[] = [];
    if (s.dashes.length) {
      // The cursor is inside this list item: under its key when deeper than the key, else a sibling.
      segments.push(...s.dashes.map(() => '-'));
      if (s.openKey !== null && threshold > s.content) segments.push(s.openKey);
      threshold = s.dashes[0];
      sameIndentParent = true;
    } else {
      if (s.key !== null) segments.push(s.key);
      threshold = s.indent;
      sameIndentParent = false;
    }
    path.unshift(...segments);
  }
  return path;
}

/** Scans the cursor's own line up to the cursor: list markers, keys, flow brackets. */
interface LineScan {
  readonly segments: string[];
  readonly pendingKey: string | null;
  readonly inFlowSeq: boolean;
  readonly word: string;
  readonly wordStart: number;
  readonly inComment: boolean;
}

function scanLine(prefix: string, from: number): LineScan {
  const stack: { segments: string[]; seq: boolean }[] = [];
  let segments: string[] = [];
  let pendingKey: string | null = null;
  let word = '';
  let wordStart = from;
  let i = from;
  const startWord = (at: number) => {
    word = '';
    wordStart = at;
  };
  while (i < prefix.length) {
    const c = prefix[i];
    if (c === '#' && (i === 0 || /\s/.test(prefix[i - 1]))) return { segments, pendingKey, inFlowSeq: false, word, wordStart, inComment: true };
    if (c === '"' || c === "'") {
      const close = prefix.indexOf(c, i + 1);
      if (close < 0) {
        word = prefix.slice(i + 1);
        wordStart = i + 1;
        break;
      }
      word = prefix.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ segments, seq: c === '[' });
      segments = [...segments, ...(pendingKey !== null ? [pendingKey] : []), ...(c === '[' ? ['-'] : [])];
      pendingKey = null;
      startWord(i + 1);
    } else if (c === '}' || c === ']') {
      segments = stack.pop()?.segments ?? segments;
      pendingKey = null;
      startWord(i + 1);
    } else if (c === ',') {
      pendingKey = null;
      startWord(i + 1);
    } else if (c === ':' && (i + 1 === prefix.length || /\s/.test(prefix[i + 1]))) {
      pendingKey = word;
      startWord(i + 1);
    } else if (c === '-' && word === '' && (prefix[i + 1] === ' ' || i + 1 === prefix.length) && pendingKey === null && stack.length === 0) {
      segments = [...segments, '-'];
      startWord(i + 1);
    } else if (/\s/.test(c)) {
      if (word === '') wordStart = i + 1;
    } else {
      if (word === '') wordStart = i;
      word += c;
    }
    i++;
  }
  const inFlowSeq = stack.length > 0 && stack[stack.length - 1].seq;
  return { segments, pendingKey: inFlowSeq ? null : pendingKey, inFlowSeq, word, wordStart, inComment: false };
}

/** The context at (line, character), both 0-based; null inside a comment. */
export function contextAt(text: string, line: number, character: number): CursorContext | null {
  const lines = text.split(/\r?\n/);
  const current = lines[line] ?? '';
  const prefix = current.slice(0, character);
  const indent = prefix.length - prefix.trimStart().length;
  const scan = scanLine(prefix, indent);
  if (scan.inComment) return null;
  const path = [...ancestors(lines, line, indent, scan.segments[0] === '-'), ...scan.segments];
  const position = scan.pendingKey !== null ? ({ kind: 'value', key: scan.pendingKey } as const) : scan.inFlowSeq ? ({ kind: 'value', key: null } as const) : ({ kind: 'key' } as const);
  return { path, position, word: scan.word, wordStart: scan.wordStart };
}

/** The word under (line, character) and its span, for hovers: `linear`, `beta1`, `hidden.W`. */
export function wordAt(text: string, line: number, character: number): { word: string; start: number; end: number } | null {
  const current = text.split(/\r?\n/)[line] ?? '';
  const isWord = (c: string | undefined) => c !== undefined && /[\w$.]/.test(c);
  let start = character;
  let end = character;
  while (isWord(current[start - 1])) start--;
  while (isWord(current[end])) end++;
  if (start === end) return null;
  return { word: current.slice(start, end), start, end };
}
