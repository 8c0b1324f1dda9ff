import { fail } from '../errors';

export interface NgramOptions {
  /** Shortest and longest n-gram, in code points (fastText's defaults: 3 and 6). */
  minn?: number;
  maxn?: number;
}

/**
 * Character n-grams of `<word>` as fastText forms them, counted in Unicode code points (an emoji
 * or any character outside the BMP is one character, never two UTF-16 halves): for each start
 * position, every length minn..maxn that fits, in order; duplicates are kept. The whole token
 * `<word>` is appended last unless it was already emitted as one of the n-grams.
 */
export function fasttextNgrams(word: string, options: NgramOptions = {}): string[] {
  const minn = options.minn ?? 3;
  const maxn = options.maxn ?? 6;
  if (!Number.isInteger(minn) || !Number.isInteger(maxn) || minn < 1 || maxn < minn) {
    fail('E_ATTR', `n-gram lengths need 1 ≤ minn ≤ maxn, got minn=${minn}, maxn=${maxn}`, { op: 'fasttext_ngrams' });
  }
  const chars = Array.from(`<${word}>`);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    for (let n = minn; n <= maxn && i + n <= chars.length; n++) out.push(chars.slice(i, i + n).join(''));
  }
  const wholeEmitted = chars.length >= minn && chars.length <= maxn;
  if (!wholeEmitted) out.push(chars.join(''));
  return out;
}

/**
 * fastText's 32-bit FNV-1a hash of the UTF-8 bytes of a string. (fastText itself sign-extends
 * bytes ≥ 0x80 before the xor; this uses the plain bytes, so bucket ids differ from fastText's for
 * non-ASCII n-grams, which matters only when loading fastText's own files.)
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8Bytes(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** UTF-8 encoding by code point (the engine has no TextEncoder in a worker-neutral build). */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}
