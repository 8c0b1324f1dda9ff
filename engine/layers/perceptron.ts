import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { checkSizes } from './checks';
import { Layer, uniformInit } from './layer';
import { param } from './params';

export interface PerceptronSizes {
  inputSize: number;
}

export interface PerceptronOptions {
  /** `zeros` (default, Rosenblatt's start) or `uniform`: U(±1/√n). */
  init?: 'zeros' | 'uniform';
}

/** What one application of the learning rule saw and did. */
export interface PerceptronStep {
  /** w·x + b before the update. */
  activation: number;
  yPred: 0 | 1;
  /** y_true − y_pred ∈ {−1, 0, 1}; the weights change only when it is not 0. */
  error: number;
}

/**
 * Rosenblatt's perceptron: ŷ = step(w·x + b), with step(a) = 1 for a ≥ 0, else 0.
 * Params `<name>.w` (n) and `<name>.b` (a scalar). It learns with its own rule, not by gradients.
 */
export class Perceptron extends Layer {
  readonly kind = 'perceptron';
  readonly inputSize: number;

  constructor(name: string, sizes: PerceptronSizes, options: PerceptronOptions, rng: Rng, dtype: DType = 'float64') {
    super(name);
    checkSizes(name, { ...sizes });
    this.inputSize = sizes.inputSize;
    const n = sizes.inputSize;
    this.addParam('w', options.init === 'uniform' ? uniformInit(rng, [n], 1 / Math.sqrt(n), dtype) : Tensor.zeros([n], dtype));
    this.addParam('b', Tensor.zeros([], dtype));
  }

  /** x (…, n) → ŷ (…): ops `wx` = x ⊙ w, `dot` = Σ over the last axis, `a` = dot + b, `y` = step(a). */
  forward(tape: Tape, x: Tensor): Tensor {
    this.checkInput(x);
    return this.scoped(tape, () => {
      const wx = tape.apply('mul', [x, param(this, 'w')], {}, 'wx');
      const dot = tape.apply('sum', [wx], { axes: [x.rank - 1] }, 'dot');
      const a = tape.apply('add', [dot, param(this, 'b')], {}, 'a');
      return tape.apply('step', [a], {}, 'y');
    });
  }

  /**
   * The perceptron learning rule on one example, in place:
   * w ← w + η (y − ŷ) x,  b ← b + η (y − ŷ); nothing changes when ŷ = y.
   */
  learn(x: Tensor, yTrue: number, eta: number): PerceptronStep {
    this.checkInput(x);
    if (x.rank !== 1) fail('E_SHAPE', `the learning rule takes one example (${this.inputSize}), got ${formatShape(x.shape)}`, { layer: this.name });
    if (yTrue !== 0 && yTrue !== 1) fail('E_ARGUMENT', `the target must be 0 or 1, got ${yTrue}`, { layer: this.name });
    const w = param(this, 'w').data;
    const b = param(this, 'b').data;
    let dot = 0;
    for (let i = 0; i < w.length; i++) dot += w[i] * x.data[i];
    const activation = dot + b[0];
    const yPred = activation >= 0 ? 1 : 0;
    const error = yTrue - yPred;
    if (error !== 0) {
      for (let i = 0; i < w.length; i++) w[i] += eta * error * x.data[i];
      b[0] += eta * error;
    }
    return { activation, yPred, error };
  }

  private checkInput(x: Tensor): void {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inputSize) {
      fail('E_SHAPE', `input has shape ${formatShape(x.shape)} but the perceptron expects (…, ${this.inputSize})`, { layer: this.name });
    }
  }
}
