import { ExpressionError, type Span } from './ast';

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'name'; readonly text: string; readonly span: Span }
  | { readonly kind: 'punct'; readonly text: string; readonly span: Span }
  | { readonly kind: 'end'; readonly span: Span };

const PUNCT = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ',', ':', '!'];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
/** Sticky: matched at `lastIndex`, so reading a number never copies the rest of the text. */
const NUMBER = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

/**
 * Splits an expression into tokens. A name may hold `.` and `/` between its parts
 * (`memory.W_f`, `memory/t3/gate_f`), so division needs a space or a number after it: `a / b`.
 * One pass, each character read a bounded number of times: linear in the length.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (NAME_START.test(c)) {
      const end = nameEnd(text, i);
      out.push({ kind: 'name', text: text.slice(i, end), span: { start: i, end } });
      i = end;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      out.push({ kind: 'number', value: Number(num[0]), span: { start: i, end: i + num[0].length } });
      i += num[0].length;
      continue;
    }
    const p = PUNCT.find((q) => text.startsWith(q, i));
    if (!p) throw new ExpressionError(`unexpected character "${c}"`, { start: i, end: i + 1 });
    out.push({ kind: 'punct', text: p, span: { start: i, end: i + p.length } });
    i += p.length;
  }
  out.push({ kind: 'end', span: { start: text.length, end: text.length } });
  return out;
}

/**
 * A name runs on through `.` or `/` when a name character follows (`memory/t3/gate_f`, `fc1.W`), and
 * through `.` before a digit too: PyTorch's names of an imported model (`encoder.layers.0.linear1.weight`).
 */
function nameEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    while (i < text.length && NAME_PART.test(text[i])) i++;
    const sep = text[i];
    const next = text[i + 1] ?? '';
    if ((sep === '/' && NAME_START.test(next)) || (sep === '.' && NAME_PART.test(next))) i += 1;
    else return i;
  }
}
