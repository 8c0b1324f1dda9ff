import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { checkActivation, checkSizes, type Activation } from './checks';
import { Layer } from './layer';
import { applyLinear, initWeight } from './linear';
import { param } from './params';

export interface MLPOptions {
  /** Applied after every hidden layer, e.g. `tanh` or `relu`. */
  activation: string;
  /** Applied after the last layer (default `identity`: raw scores), e.g. `sigmoid` or `softmax` (last axis). */
  outputActivation?: string;
  /** Default true. */
  bias?: boolean;
}

/**
 * A stack of fully connected layers, sizes [in, h1, …, out]. Inside the MLP's scope, layer k is the
 * scope `fc<k>` (ops `xW`, `y`) followed by the activation op `act<k>`; its parameters are
 * `<mlp>.fc<k>.W` (out, in) and `<mlp>.fc<k>.b`.
 */
export class MLP extends Layer {
  readonly kind = 'mlp';
  readonly sizes: readonly number[];
  /** Activation after each fc layer, in order (`identity` = none). */
  readonly activations: readonly (Activation | 'identity' | 'softmax')[];

  constructor(name: string, sizes: readonly number[], options: MLPOptions, rng: Rng, dtype: DType = 'float64') {
    super(name);
    if (sizes.length < 2) fail('E_ATTR', `an MLP needs at least an input and an output size, got [${sizes.join(', ')}]`, { layer: name });
    checkSizes(name, Object.fromEntries(sizes.map((s, i) => [`size ${i}`, s])));
    this.sizes = [...sizes];
    const hidden = checkActivation(name, options.activation);
    const last = options.outputActivation === 'softmax' ? 'softmax' : checkActivation(name, options.outputActivation ?? 'identity');
    this.activations = sizes.slice(1).map((_, k) => (k === sizes.length - 2 ? last : hidden));
    this.activations.forEach((act, k) => {
      const shape: [number, number] = [sizes[k + 1], sizes[k]];
      const init = act === 'relu' || act === 'leaky_relu' || act === 'elu' ? 'he' : 'xavier';
      this.addParam(`fc${k + 1}.W`, initWeight(rng, shape, init, dtype));
      if (options.bias ?? true) this.addParam(`fc${k + 1}.b`, Tensor.zeros([sizes[k + 1]], dtype));
    });
  }

  /** x (…, in) → (…, out). */
  forward(tape: Tape, x: Tensor): Tensor {
    return this.scoped(tape, () =>
      this.activations.reduce((h, act, k) => {
        const fc = `fc${k + 1}`;
        const W = param(this, `${fc}.W`);
        const z = tape.withScope(fc, () => applyLinear(tape, h, W, this.params.get(`${fc}.b`) ?? null, `${this.name}/${fc}`));
        if (act === 'identity') return z;
        return tape.apply(act, [z], act === 'softmax' ? { axis: -1 } : {}, `act${k + 1}`);
      }, x),
    );
  }
}
