import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { SubwordTable } from '../text/fasttext';
import { UnigramTable } from '../text/negative_sampling';
import { sgnsLoss } from '../text/word2vec';
import { checkSizes } from './checks';
import { Layer, uniformInit } from './layer';
import { param } from './params';

export interface FastTextOptions {
  dim: number;
  /** Noise words per example; default 5. */
  negatives?: number;
  tableSize?: number;
}

/**
 * FastText (Bojanowski et al. 2017): skip-gram with negative sampling whose center vector is the
 * mean of the word's own row and its character n-gram rows. Params `<name>.E` (V + buckets, D)
 * drawn U(±1/D) as fastText does, and `<name>.U` (V, D) output vectors starting at 0. Because
 * n-gram rows are shared, a word never seen in training still gets a vector from its n-grams.
 */
export class FastText extends Layer {
  readonly kind = 'fasttext';
  readonly noise: UnigramTable;
  private readonly dtype: DType;

  constructor(
    name: string,
    readonly subwords: SubwordTable,
    readonly options: FastTextOptions,
    rng: Rng,
    dtype: DType = 'float64',
  ) {
    super(name);
    checkSizes(name, { dim: options.dim, negatives: options.negatives ?? 5 });
    this.dtype = dtype;
    const d = options.dim;
    this.addParam('E', uniformInit(rng, [subwords.rows, d], 1 / d, dtype));
    this.addParam('U', Tensor.zeros([subwords.vocab.size, d], dtype));
    this.noise = new UnigramTable(subwords.vocab.counts, options.tableSize);
  }

  /** Loss of predicting context word id `target` from the word `center`, as named ops. */
  loss(tape: Tape, center: string, target: number, rng: Rng): Tensor {
    const n = this.subwords.vocab.size;
    if (!Number.isInteger(target) || target < 0 || target >= n) fail('E_INDEX', `target word id ${target} is not in [0, ${n})`, { layer: this.name });
    return this.scoped(tape, () => {
      const rows = this.gather(tape, 'E', this.subwords.rowsOf(center), 'subword_rows');
      const v = tape.apply('mean', [rows], { axes: [0] }, 'v_c');
      const negatives = this.noise.sample(rng, this.options.negatives ?? 5, target);
      return sgnsLoss(tape, v, this.gather(tape, 'U', [target], 'u_o'), this.gather(tape, 'U', negatives, 'U_neg'));
    });
  }

  /** A word's vector, known or not: the mean of its input rows (no tape). */
  wordVector(word: string): Float64Array {
    const E = param(this, 'E');
    const d = this.options.dim;
    const rows = this.subwords.rowsOf(word);
    const out = new Float64Array(d);
    for (const r of rows) for (let j = 0; j < d; j++) out[j] += E.data[r * d + j] / rows.length;
    return out;
  }

  private gather(tape: Tape, key: string, ids: readonly number[], name: string): Tensor {
    const indices = Tensor.of(ids, [ids.length], this.dtype, `${this.name}.${name}_ids`);
    return tape.apply('gather', [param(this, key), indices], { axis: 0 }, name);
  }
}
