import { fail } from '../errors';

/**
 * Splits text into lower-case word tokens: runs of letters, digits and apostrophes (Unicode-aware,
 * so "naïve" and "日本" stay whole). Punctuation and spaces separate tokens.
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}\p{M}']+/gu) ?? [];
}

export interface VocabOptions {
  /** Words seen fewer times are left out (word2vec's `min_count`); default 1. */
  minCount?: number;
}

/**
 * Words with their corpus counts and dense ids. Ids run by descending count, ties by first
 * appearance, as in word2vec: frequent words get small ids, which keeps tables readable.
 */
export class Vocabulary {
  readonly words: readonly string[];
  readonly counts: readonly number[];
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(words: string[], counts: number[]) {
    this.words = words;
    this.counts = counts;
    this.ids = new Map(words.map((w, i) => [w, i]));
  }

  static fromTokens(tokens: readonly string[], options: VocabOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    // Map iteration keeps first-appearance order, and Array.prototype.sort is stable.
    const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1]);
    if (kept.length === 0) fail('E_ARGUMENT', `no word occurs at least ${minCount} times in a corpus of ${tokens.length} tokens`);
    return new Vocabulary(kept.map(([w]) => w), kept.map(([, c]) => c));
  }

  static fromText(text: string, options: VocabOptions = {}): Vocabulary {
    return Vocabulary.fromTokens(tokenize(text), options);
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** The id of a known word; an unknown word is an error that names it. */
  id(word: string): number {
    const i = this.ids.get(word);
    if (i === undefined) fail('E_ARGUMENT', `"${word}" is not in the vocabulary of ${this.size} words`);
    return i;
  }

  word(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) fail('E_INDEX', `word id ${id} is out of range for a vocabulary of ${this.size} words`);
    return this.words[id];
  }

  count(word: string): number {
    return this.counts[this.id(word)];
  }

  /** Token ids of a corpus; words outside the vocabulary (below `minCount`) are dropped. */
  encode(tokens: readonly string[]): number[] {
    const out: number[] = [];
    for (const t of tokens) {
      const i = this.ids.get(t);
      if (i !== undefined) out.push(i);
    }
    return out;
  }
}
