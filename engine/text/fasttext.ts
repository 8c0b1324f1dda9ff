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
    return bucketRow(ngram, this.vocab.size, this.buckets);
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

  /** The vectors of the first `count` vocabulary words from the input rows E (see `composedVectors`). */
  vocabularyVectors(E: ArrayLike<number>, dim: number, count = this.vocab.size): Float64Array {
    return composedVectors(E, dim, this.vocab.words, { minn: this.minn, maxn: this.maxn, buckets: this.buckets }, count);
  }
}

/** The row of n-gram `ngram`: after the vocabulary's rows, in bucket hash(g) mod buckets. */
function bucketRow(ngram: string, vocabSize: number, buckets: number): number {
  return vocabSize + (fnv1a(ngram) % buckets);
}

/**
 * fastText's word vectors of the first `count` words of a vocabulary (`words`, all of it, in id
 * order), from its input rows E ((V + buckets) × dim, row-major):
 *   v_w = (E_w + Σ_{g ∈ G(w)} E_g) / (1 + |G(w)|),
 * the mean of the word's own row and its n-gram rows, duplicates kept — the same rows as `rowsOf`
 * and the same mean as the loss's `v_c`, so what a view shows is the vector the model trains.
 * Row-major (count × dim), in float64 whatever E's dtype.
 */
export function composedVectors(E: ArrayLike<number>, dim: number, words: readonly string[], options: SubwordOptions, count = words.length): Float64Array {
  if (!Number.isInteger(options.buckets) || options.buckets < 1) fail('E_ATTR', `buckets must be a positive integer, got ${options.buckets}`, { op: 'fasttext' });
  const v = words.length;
  const rows = v + options.buckets;
  if (E.length !== rows * dim) fail('E_SHAPE', `the input rows E hold ${E.length} numbers, not (${v} words + ${options.buckets} buckets) × ${dim}`, { op: 'fasttext' });
  const n = Math.min(count, v);
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const ids = [i, ...fasttextNgrams(words[i], options).map((g) => bucketRow(g, v, options.buckets))];
    for (const r of ids) for (let j = 0; j < dim; j++) out[i * dim + j] += E[r * dim + j];
    for (let j = 0; j < dim; j++) out[i * dim + j] /= ids.length;
  }
  return out;
}
