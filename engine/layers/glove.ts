import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { GLOVE_DEFAULTS, gloveLoss, type Cooccurrences, type GloveAttrs } from '../text/glove';
import { checkSizes } from './checks';
import { Layer, uniformInit } from './layer';
import { param } from './params';

export interface GloveSizes {
  vocabSize: number;
  dim: number;
}

/**
 * GloVe (Pennington et al. 2014). Params `<name>.W`, `<name>.Wt` (V, D): word and context vectors,
 * drawn U(±0.5/D) as the reference implementation does; `<name>.b`, `<name>.bt` (V): their biases,
 * starting at 0. The embedding one keeps is W + W̃.
 */
export class Glove extends Layer {
  readonly kind = 'glove';
  readonly sizes: GloveSizes;
  readonly attrs: GloveAttrs;
  private readonly dtype: DType;

  constructor(name: string, sizes: GloveSizes, attrs: Partial<GloveAttrs>, rng: Rng, dtype: DType = 'float64') {
    super(name);
    checkSizes(name, { ...sizes });
    this.sizes = { ...sizes };
    this.attrs = { ...GLOVE_DEFAULTS, ...attrs };
    this.dtype = dtype;
    const { vocabSize: n, dim: d } = sizes;
    this.addParam('W', uniformInit(rng, [n, d], 0.5 / d, dtype));
    this.addParam('Wt', uniformInit(rng, [n, d], 0.5 / d, dtype));
    this.addParam('b', Tensor.zeros([n], dtype));
    this.addParam('bt', Tensor.zeros([n], dtype));
  }

  /** The weighted least-squares loss over the given nonzero pairs (all of X, or a batch of it). */
  loss(tape: Tape, pairs: Cooccurrences): Tensor {
    this.checkPairs(pairs);
    return this.scoped(tape, () => {
      const X = Tensor.of(pairs.values, [pairs.values.length], this.dtype, `${this.name}.X`);
      const W = this.gather(tape, 'W', pairs.rows, 'W_rows');
      const Wt = this.gather(tape, 'Wt', pairs.cols, 'Wt_rows');
      const b = this.gather(tape, 'b', pairs.rows, 'b_rows');
      const bt = this.gather(tape, 'bt', pairs.cols, 'bt_rows');
      return gloveLoss(tape, W, Wt, b, bt, X, this.attrs);
    });
  }

  /** W + W̃, the vectors GloVe reports. */
  get embeddings(): Tensor {
    const W = param(this, 'W');
    const Wt = param(this, 'Wt');
    const out = Tensor.zeros(W.shape, this.dtype, `${this.name}.W+Wt`);
    for (let i = 0; i < out.size; i++) out.data[i] = W.data[i] + Wt.data[i];
    return out;
  }

  private gather(tape: Tape, key: string, ids: readonly number[], name: string): Tensor {
    const indices = Tensor.of(ids, [ids.length], this.dtype, `${this.name}.${name}_ids`);
    return tape.apply('gather', [param(this, key), indices], { axis: 0 }, name);
  }

  private checkPairs({ rows, cols, values }: Cooccurrences): void {
    if (rows.length === 0 || rows.length !== cols.length || rows.length !== values.length) {
      fail('E_ARGUMENT', `needs as many rows, cols and values (at least one), got ${rows.length}, ${cols.length}, ${values.length}`, { layer: this.name });
    }
    const n = this.sizes.vocabSize;
    const bad = [...rows, ...cols].find((t) => !Number.isInteger(t) || t < 0 || t >= n);
    if (bad !== undefined) fail('E_INDEX', `word id ${bad} is not in [0, ${n})`, { layer: this.name });
  }
}
