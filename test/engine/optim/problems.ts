import fc from 'fast-check';
import type { OptimizerOptions } from '../../../engine/optim';
import type { DType } from '../../../engine/tensor/dtype';
import { Tensor } from '../../../engine/tensor/tensor';

/**
 * Random optimization problems for property tests: a few named parameters with start values and a
 * gradient for each of several steps, rebuilt as fresh tensors (in either dtype) for every run.
 */
export interface Problem {
  params: { name: string; shape: number[]; values: number[] }[];
  /** grads[step][param] */
  grads: number[][][];
}

const NAMES = ['fc1.W', 'fc1.b', 'fc2.W'];

const value = fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true });

export function problemArb(maxSteps = 4): fc.Arbitrary<Problem> {
  const shapes = fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 });
  return shapes.chain((ss) => {
    const sizes = ss.map((s) => s.reduce((a, b) => a * b, 1));
    const valuesFor = () => fc.tuple(...sizes.map((n) => fc.array(value, { minLength: n, maxLength: n })));
    return fc.record({
      values: valuesFor(),
      grads: fc.array(valuesFor(), { minLength: 1, maxLength: maxSteps }),
    }).map(({ values, grads }) => ({
      params: ss.map((shape, i) => ({ name: NAMES[i], shape, values: values[i] })),
      grads,
    }));
  });
}

export function buildParams(p: Problem, dtype: DType = 'float64'): Tensor[] {
  return p.params.map((q) => {
    const t = Tensor.of(q.values, q.shape, dtype, q.name);
    t.requiresGrad = true;
    return t;
  });
}

/** Sets every parameter's gradient to the problem's gradients of `step`. */
export function setGrads(params: readonly Tensor[], p: Problem, step: number): void {
  params.forEach((t, i) => {
    t.grad = Tensor.of(p.grads[step][i], t.shape, t.dtype);
  });
}

/** One configuration of every rule, with hyperparameters away from their trivial values. */
export const EVERY_OPTIMIZER: readonly OptimizerOptions[] = [
  { kind: 'sgd', lr: 0.1 },
  { kind: 'sgd', lr: 0.1, momentum: 0.9 },
  { kind: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.9 },
  { kind: 'sgd', lr: 0.1, momentum: 0.5, weight_decay: 0.1 },
  { kind: 'adagrad', lr: 0.1 },
  { kind: 'adagrad', lr: 0.1, initial_accumulator_value: 0.5, weight_decay: 0.01 },
  { kind: 'rmsprop', lr: 0.01 },
  { kind: 'adam', lr: 0.01 },
  { kind: 'adam', lr: 0.01, weight_decay: 0.1 },
  { kind: 'adamw', lr: 0.01, weight_decay: 0.1 },
];

export function label(o: OptimizerOptions): string {
  const rest = Object.entries(o).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}=${v}`);
  return `${o.kind}(${rest.join(', ')})`;
}

/** Bitwise equality of two typed arrays (distinguishes nothing finer than the stored value). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
