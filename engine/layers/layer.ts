import type { Tape } from '../autograd/tape';
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';
import type { Rng } from '../random';

/**
 * A layer is a named scope over primitive ops plus the parameters it owns. Parameter tensors are
 * named `<layer>.<param>` (`fc1.W`, `memory.W_f`), and every op a layer applies runs inside
 * `tape.withScope(layer.name, …)` so the debugger can step into it.
 */
export abstract class Layer {
  abstract readonly kind: string;
  /** Ordered, so optimizers and checkpoints see parameters in a stable order. */
  readonly params = new Map<string, Tensor>();

  constructor(readonly name: string) {}

  parameters(): Tensor[] {
    return [...this.params.values()];
  }

  /** Creates and registers a trainable parameter named `<layer>.<key>`. */
  protected addParam(key: string, t: Tensor): Tensor {
    t.name = `${this.name}.${key}`;
    t.requiresGrad = true;
    this.params.set(key, t);
    return t;
  }

  /** Runs `fn` inside this layer's scope. */
  protected scoped<T>(tape: Tape, fn: () => T): T {
    return tape.withScope(this.name, fn);
  }
}

/** Initializers, each drawing from the seeded RNG in row-major order. */
export function uniformInit(rng: Rng, shape: readonly number[], bound: number, dtype: DType): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(-bound, bound);
  return t;
}

/** Glorot/Xavier uniform: U(−a, a), a = sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform(rng: Rng, shape: readonly [number, number], dtype: DType): Tensor {
  return uniformInit(rng, shape, Math.sqrt(6 / (shape[0] + shape[1])), dtype);
}

/** He/Kaiming normal for ReLU layers: N(0, 2 / fan_in), fan_in = shape[1]. */
export function heNormal(rng: Rng, shape: readonly [number, number], dtype: DType): Tensor {
  const t = Tensor.zeros(shape, dtype);
  const std = Math.sqrt(2 / shape[1]);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal() * std;
  return t;
}
