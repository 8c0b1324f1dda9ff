import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { checkSizes } from './checks';
import { heNormal, Layer, uniformInit, xavierUniform } from './layer';
import { param } from './params';

export interface LinearSizes {
  inputSize: number;
  outputSize: number;
}

/** `xavier` (tanh, sigmoid), `he` (ReLU family), or `uniform`: U(±1/√in), PyTorch's default. */
export type LinearInit = 'xavier' | 'he' | 'uniform';

export interface LinearOptions {
  /** Default true. */
  bias?: boolean;
  /** Default `xavier`. Biases start at 0. */
  init?: LinearInit;
  /** Scope opened around the ops (default: the layer name); a parent layer passes its local name. */
  scope?: string;
}

/** y = x Wᵀ + b with W (out, in): a fully connected layer. Params `<name>.W`, `<name>.b`. */
export class Linear extends Layer {
  readonly kind = 'linear';
  readonly sizes: LinearSizes;
  private readonly scopeName: string;

  constructor(name: string, sizes: LinearSizes, options: LinearOptions, rng: Rng, dtype: DType = 'float64') {
    super(name);
    checkSizes(name, { ...sizes });
    this.sizes = { ...sizes };
    this.scopeName = options.scope ?? name;
    const shape: [number, number] = [sizes.outputSize, sizes.inputSize];
    this.addParam('W', initWeight(rng, shape, options.init ?? 'xavier', dtype));
    if (options.bias ?? true) this.addParam('b', Tensor.zeros([sizes.outputSize], dtype));
  }

  /** x (…, in) → y (…, out). */
  forward(tape: Tape, x: Tensor): Tensor {
    return tape.withScope(this.scopeName, () => applyLinear(tape, x, param(this, 'W'), this.params.get('b') ?? null, this.name));
  }
}

export function initWeight(rng: Rng, shape: [number, number], init: LinearInit, dtype: DType): Tensor {
  if (init === 'he') return heNormal(rng, shape, dtype);
  if (init === 'uniform') return uniformInit(rng, shape, 1 / Math.sqrt(shape[1]), dtype);
  return xavierUniform(rng, shape, dtype);
}

/**
 * The ops of an affine map inside the current scope: `xW` = x Wᵀ, then `y` = xW + b. Inputs of rank
 * other than 2 are flattened to rows (`x_rows`) and the result is shaped back (`y`).
 */
export function applyLinear(tape: Tape, x: Tensor, W: Tensor, b: Tensor | null, layer: string): Tensor {
  const [out, inp] = W.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== inp) {
    fail('E_SHAPE', `input has shape ${formatShape(x.shape)} but the layer expects (…, ${inp}) (W is ${formatShape(W.shape)})`, { layer });
  }
  const lead = x.shape.slice(0, -1);
  const rows = x.rank === 2 ? x : tape.apply('reshape', [x], { shape: [lead.reduce((a, d) => a * d, 1), inp] }, 'x_rows');
  const flat = x.rank !== 2;
  const xW = tape.apply('matmul', [rows, W], { transB: true }, b || flat ? 'xW' : 'y');
  const z = b ? tape.apply('add', [xW, b], {}, flat ? 'xW_b' : 'y') : xW;
  return flat ? tape.apply('reshape', [z], { shape: [...lead, out] }, 'y') : z;
}
