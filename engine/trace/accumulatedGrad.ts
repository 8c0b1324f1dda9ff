import { BackstepError } from '../errors';
import type { TypedArray } from '../tensor/dtype';
import { hasValues, KNOWN_STATS, type KnownStats } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';

const NO_VALUES = new Float64Array(0);

/**
 * A parameter's `.grad` after several backward ops of one step each sent it a part (a weight used at
 * every time step of a recorded LSTM: autograd records one contribution per use, and `.grad` is their
 * sum). The sum is read when first asked for; when a part was kept as statistics only, so is the sum:
 * its norm and values are unknown (NaN), never one part's taken for the whole.
 */
export class AccumulatedGrad extends Tensor {
  private values: Float64Array | null = null;
  private readonly known: KnownStats | null;

  constructor(
    readonly parts: readonly Tensor[],
    name: string,
  ) {
    super(NO_VALUES, [0], name);
    const shape = parts[0].shape;
    Object.defineProperty(this, 'shape', { value: shape, writable: false });
    Object.defineProperty(this, 'data', { get: () => this.sum() });
    const size = shape.reduce((a, b) => a * b, 1);
    this.known = parts.every(hasValues) ? null : { stats: { min: NaN, max: NaN, mean: NaN, std: NaN, norm: NaN, nanCount: 0, infCount: 0, size }, values: false };
  }

  /** Unknown stats when a part has only statistics; else none (computed from the sum). */
  get [KNOWN_STATS](): KnownStats | null {
    return this.known;
  }

  override get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  override get dtype(): 'float64' {
    return 'float64';
  }

  /** This sum and one more part. */
  plus(part: Tensor): AccumulatedGrad {
    return new AccumulatedGrad([...this.parts, part], this.name);
  }

  private sum(): TypedArray {
    if (this.values) return this.values;
    if (this.known) throw new BackstepError('E_ARGUMENT', `${this.name} is the sum of ${this.parts.length} recorded gradients, and some were kept as statistics only: its values are unknown`);
    const out = new Float64Array(this.size);
    for (const p of this.parts) {
      const d = p.data;
      if (d.length !== out.length) throw new BackstepError('E_SHAPE', `${this.name}: a recorded gradient of ${p.name || 'a parameter'} has ${d.length} values where the parameter has ${out.length}`);
      for (let i = 0; i < d.length; i++) out[i] += d[i];
    }
    this.values = out;
    return out;
  }
}
