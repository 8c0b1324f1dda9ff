import { fail } from '../errors';
import { fasttextNgrams, fnv1a, type NgramOptions } from './fasttext_ngrams';
import type { Vocabulary } from './vocab';

export interface SubwordOptions extends NgramOptions {
  /** Number of hash buckets shared by all n-grams (fastText's `-bucket`, 2·10⁶ by default). */
  buckets: number;
}

/**
 * FastText's input rows: rows 0..V−1 are the vocabulary's words, rows V..V+buckets−1 are n-gram
 * buckets, n-gram g going to V + hash(g) mod buckets. Colliding n-grams share a row, which bounds
 * memory whatever the corpus; a word's vector is the mean of its own row and its n-grams' rows.
 */
export class SubwordTable {
  readonly minn: number;
  readonly maxn: number;
  readonly buckets: number;

  constructor(
    readonly vocab: Vocabulary,
    options: SubwordOptions,
  ) {
    if (!Number.isInteger(options.buckets) || options.buckets < 1) fail('E_ATTR', `buckets must be a positive integer, got ${options.buckets}`, { op: 'fasttext' });
    this.minn = options.minn ?? 3;
    this.maxn = options.maxn ?? 6;
    this.buckets = options.buckets;
  }

  /** Total input rows: words and buckets. */
  get rows(): number {
    return this.vocab.size + this.buckets;
  }

  ngrams(word: string): string[] {
    return fasttextNgrams(word, { minn: this.minn, maxn: this.maxn });
  }

  /** Bucket row of one n-gram. */
  ngramRow(ngram: string): number {
    return this.vocab.size + (fnv1a(ngram) % this.buckets);
  }

  /**
   * Input rows whose mean is the word's vector: its own row when it is in the vocabulary, then one
   * row per n-gram (duplicates kept, as fastText keeps them). An unseen word has n-gram rows only,
   * which is how fastText gives it a vector.
   */
  rowsOf(word: string): number[] {
    const own = this.vocab.has(word) ? [this.vocab.id(word)] : [];
    return [...own, ...this.ngrams(word).map((g) => this.ngramRow(g))];
  }
}
