import { fail } from '../errors';
import type { Rng } from '../random';

/** word2vec's smoothing exponent: P(w) ∝ count(w)^0.75 lifts rare words a little. */
export const UNIGRAM_POWER = 0.75;

/**
 * Noise distribution for negative sampling, as word2vec builds it: a table whose slots hold word
 * ids, each word filling a share of slots proportional to count^0.75. Drawing a uniform slot then
 * costs O(1). The table is filled by walking the cumulative distribution, one slot at a time.
 */
export class UnigramTable {
  readonly table: Int32Array;
  /** The word every slot holds when the table holds only one, else −1. */
  private readonly soleWord: number;

  constructor(counts: readonly number[], size = 100_000, power = UNIGRAM_POWER) {
    if (counts.length === 0) fail('E_ARGUMENT', 'negative sampling needs a non-empty vocabulary');
    if (!Number.isInteger(size) || size < counts.length) fail('E_ARGUMENT', `table size ${size} must be an integer ≥ the vocabulary size ${counts.length}`);
    const weights = counts.map((c) => Math.pow(c, power));
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) fail('E_ARGUMENT', 'negative sampling needs at least one positive count');
    this.table = new Int32Array(size);
    let word = 0;
    let cumulative = weights[0] / total;
    for (let slot = 0; slot < size; slot++) {
      // Slot centres at (slot + ½)/size: word i owns the slots whose centre falls in its CDF interval.
      while ((slot + 0.5) / size > cumulative && word < counts.length - 1) cumulative += weights[++word] / total;
      this.table[slot] = word;
    }
    this.soleWord = this.table[0] === this.table[size - 1] ? this.table[0] : -1;
  }

  /** Share of the table a word fills: its sampling probability. */
  probability(word: number): number {
    let n = 0;
    for (const w of this.table) if (w === word) n++;
    return n / this.table.length;
  }

  /** One noise word. */
  draw(rng: Rng): number {
    return this.table[rng.int(this.table.length)];
  }

  /**
   * `k` noise words, redrawing any that equal `exclude` (the true context word), as word2vec
   * skips them; the draws consume the engine's seeded RNG, so a seed gives the same negatives.
   */
  sample(rng: Rng, k: number, exclude = -1): number[] {
    if (exclude >= 0 && this.soleWord === exclude) {
      fail('E_ARGUMENT', `cannot draw negatives other than word ${exclude}: it is the only word in the noise table`);
    }
    const out: number[] = [];
    while (out.length < k) {
      const w = this.draw(rng);
      if (w !== exclude) out.push(w);
    }
    return out;
  }
}
