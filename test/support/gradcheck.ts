import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackwardPass } from '../../engine/autograd/backward';
import { Tape } from '../../engine/autograd/tape';
import { getOp, type Attrs } from '../../engine/ops/registry';
import { Tensor } from '../../engine/tensor/tensor';

/**
 * Checks an op's (or any function's) analytic gradients against central finite differences in
 * float64: L = Σ_o ⟨outputs[o], upstream[o]⟩ with random upstream, ∂L/∂x ≈ (L(x+h) − L(x−h)) / 2h.
 */
export type TapeFn = (tape: Tape, inputs: Tensor[]) => Tensor[];

export function opFn(opName: string, attrs: Attrs = {}): TapeFn {
  return (tape, inputs) => tape.applyAll(getOp(opName), inputs, attrs);
}

export interface GradcheckOptions {
  /** Indices of inputs not to differentiate (indices, targets). */
  constant?: number[];
  h?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
}

export function gradcheck(fn: TapeFn, inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const h = opts.h ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-6;
  const constant = new Set(opts.constant ?? []);
  const rand = mulberry(opts.seed ?? 7);
  const params = inputs.map((t, i) => {
    const p = t.clone(`in${i}`);
    p.requiresGrad = !constant.has(i);
    return p;
  });
  const tape = new Tape();
  const outs = fn(tape, params);
  const upstream = outs.map((o) => Tensor.of(Array.from(o.data, () => rand() * 2 - 1), o.shape));
  new BackwardPass(tape, outs, upstream).run();

  const loss = (xs: Tensor[]): number => {
    const ys = fn(new Tape(), xs);
    let s = 0;
    ys.forEach((y, o) => y.data.forEach((v, i) => (s += v * upstream[o].data[i])));
    return s;
  };
  params.forEach((p, k) => {
    if (constant.has(k)) return;
    for (let i = 0; i < p.size; i++) {
      const plus = params.map((q) => q.clone());
      const minus = params.map((q) => q.clone());
      plus[k].data[i] += h;
      minus[k].data[i] -= h;
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      const analytic = p.grad ? p.grad.data[i] : 0;
      const err = Math.abs(numeric - analytic);
      assert.ok(
        err <= atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic)),
        `input ${k} element ${i}: analytic ${analytic} vs numeric ${numeric} (|Δ| ${err.toExponential(2)})`,
      );
    }
  });
}

/** A small deterministic PRNG for test data (not the engine's RNG). */
export function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** fast-check arbitrary: a float64 tensor of the given shape with values in [lo, hi]. */
export function tensorArb(shape: number[], lo = -2, hi = 2): fc.Arbitrary<Tensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
    .map((vals) => Tensor.of(vals, shape));
}

/** fast-check arbitrary: a shape of the given rank with dims in [1, maxDim]. */
export function shapeArb(rank: number, maxDim = 4): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: rank, maxLength: rank });
}
