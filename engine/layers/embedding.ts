import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { checkSizes } from './checks';
import { Layer } from './layer';
import { param } from './params';

export interface EmbeddingSizes {
  vocabSize: number;
  dim: number;
}

export interface EmbeddingOptions {
  /** Standard deviation of the initial rows (default 1, PyTorch's N(0, 1)). */
  scale?: number;
}

/**
 * A lookup table: token t ↦ row E[t]. Param `<name>.E` (V, D). The gradient of
 * a row is the sum of the gradients of every position that looked it up.
 */
export class Embedding extends Layer {
  readonly kind = 'embedding';
  readonly sizes: EmbeddingSizes;
  private readonly dtype: DType;

  constructor(name: string, sizes: EmbeddingSizes, options: EmbeddingOptions, rng: Rng, dtype: DType = 'float64') {
    super(name);
    checkSizes(name, { ...sizes });
    this.sizes = { ...sizes };
    this.dtype = dtype;
    const scale = options.scale ?? 1;
    const E = Tensor.zeros([sizes.vocabSize, sizes.dim], dtype);
    for (let i = 0; i < E.size; i++) E.data[i] = rng.normal() * scale;
    this.addParam('E', E);
  }

  /** Token ids of any shape S (a tensor of integers or a list) → vectors (…S, D); one op `y` (gather). */
  forward(tape: Tape, ids: Tensor | readonly number[]): Tensor {
    const indices = ids instanceof Tensor ? ids : Tensor.of(ids, [ids.length], this.dtype, `${this.name}.ids`);
    this.checkIds(indices);
    return this.scoped(tape, () => tape.apply('gather', [param(this, 'E'), indices], { axis: 0 }, 'y'));
  }

  private checkIds(ids: Tensor): void {
    const V = this.sizes.vocabSize;
    const bad = ids.data.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= V);
    if (bad >= 0) fail('E_INDEX', `token id ${ids.data[bad]} at position ${bad} is not in [0, ${V})`, { layer: this.name });
  }
}
