import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError } from '../../../engine/errors';
import { Tensor } from '../../../engine/tensor/tensor';
import type { ReferenceCase } from '../../../tools/reference/adapter';
import { bindParams } from '../../../engine/layers/params';
import type { RecurrentLayer, SequenceLayout } from '../../../engine/layers/recurrent';
import { Rng } from '../../../engine/random';
import { gradcheck, tensorArb, type TapeFn } from '../../support/gradcheck';
import { assertMatches, tensorOf } from '../../support/reference';

/**
 * Runs one `grad` reference case: every float input is a new leaf requiring a gradient (layers bind
 * the ones that are their parameters), every output is compared, the backward pass is seeded with the
 * case's upstream, and every gradient is compared (|a − e| ≤ 1e-10 + 1e-8·|e|).
 */
export function checkGradCase(c: ReferenceCase, run: (tape: Tape, inputs: Record<string, Tensor>) => Record<string, Tensor>): void {
  const inputs: Record<string, Tensor> = {};
  for (const [k, json] of Object.entries(c.inputs ?? {})) inputs[k] = tensorOf(json, k, true);
  const tape = new Tape();
  const outputs = run(tape, inputs);
  assertMatches('outputs', outputs, c.outputs ?? {});
  const keys = Object.keys(c.upstream ?? {});
  const seeds = keys.map((k) => Tensor.of(c.upstream![k].data, outputs[k].shape));
  new BackwardPass(tape, keys.map((k) => outputs[k]), seeds).run();
  const grads = Object.fromEntries(Object.keys(c.grads ?? {}).map((k) => [k, inputs[k].grad ?? Tensor.zeros(inputs[k].shape)]));
  assertMatches('grads', grads, c.grads ?? {});
}

/** Asserts that `fn` throws a BackstepError with this code, naming `layer` and matching every pattern. */
export function assertLayerError(fn: () => unknown, code: string, layer: string, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BackstepError, `expected a BackstepError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.where.layer, layer);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

/** Names of the tape nodes directly inside a scope path, e.g. `memory/t1`. */
export function opsIn(tape: Tape, scope: string): string[] {
  return tape.nodes.filter((n) => n.scope.join('/') === scope).map((n) => n.name.slice(scope.length + 1));
}

export interface SeqSizes {
  T: number;
  B: number;
  I: number;
  H: number;
  layout: SequenceLayout;
}

/** Small random sequence sizes (B = 1 for one sequence). */
export function seqSizesArb(layout: SequenceLayout): fc.Arbitrary<SeqSizes> {
  return fc.record({
    T: fc.integer({ min: 1, max: 3 }),
    B: layout === 'sequence' ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
    I: fc.integer({ min: 1, max: 3 }),
    H: fc.integer({ min: 1, max: 3 }),
    layout: fc.constant(layout),
  });
}

export const LAYOUTS: readonly SequenceLayout[] = ['sequence', 'time-major', 'batch-first'];

/** The input shape of a layout: (T, I), (T, B, I) or (B, T, I). */
export function inputShape({ T, B, I, layout }: SeqSizes): number[] {
  return layout === 'sequence' ? [T, I] : layout === 'time-major' ? [T, B, I] : [B, T, I];
}

/** Random x and initial states (H) or (B, H), with sizes. */
export function sequenceArb(states: number, layout: SequenceLayout): fc.Arbitrary<{ s: SeqSizes; x: Tensor; init: Tensor[] }> {
  return seqSizesArb(layout).chain((s) => {
    const state = layout === 'sequence' ? [s.H] : [s.B, s.H];
    return fc
      .tuple(tensorArb(inputShape(s)), fc.array(tensorArb(state, -1, 1), { minLength: states, maxLength: states }))
      .map(([x, init]) => ({ s, x, init }));
  });
}

/** The (b)-th sequence of a time-major (T, B, I) or batch-first (B, T, I) batch as its own (T, I) tensor. */
export function sequenceOf(x: Tensor, b: number, batchFirst = false): Tensor {
  const [T, B, I] = batchFirst ? [x.shape[1], x.shape[0], x.shape[2]] : x.shape;
  const out = Tensor.zeros([T, I]);
  for (let t = 0; t < T; t++) {
    const from = batchFirst ? (b * T + t) * I : (t * B + b) * I;
    out.data.set(x.data.subarray(from, from + I), t * I);
  }
  return out;
}

/** Row b of a (B, H) tensor. */
export function rowOf(x: Tensor, b: number): Tensor {
  const H = x.shape[x.rank - 1];
  return Tensor.of(x.data.subarray(b * H, (b + 1) * H), [H]);
}

export function assertClose(actual: Tensor, expected: Tensor, tol = 1e-12): void {
  assert.deepEqual(actual.shape, expected.shape);
  actual.data.forEach((v, i) => assert.ok(Math.abs(v - expected.data[i]) <= tol, `element ${i}: ${v} vs ${expected.data[i]}`));
}

/**
 * Finite-difference check of a recurrent layer on random sizes (one sequence, or a batch): the inputs are x,
 * the initial states and every parameter (redrawn from U(−1, 1)); the outputs are the states over time.
 */
export function recurrentGradcheck(make: (s: SeqSizes) => RecurrentLayer, stateKeys: string[], layout: SequenceLayout, numRuns = 5): void {
  fc.assert(
    fc.property(sequenceArb(stateKeys.length, layout), fc.integer({ min: 1, max: 1 << 30 }), ({ s, x, init }, seed) => {
      const proto = make(s);
      const rng = new Rng(seed);
      const keys = [...proto.params.keys()];
      const params = keys.map((k) => proto.params.get(k)!.clone());
      params.forEach((p) => p.data.forEach((_, i) => (p.data[i] = rng.range(-1, 1))));
      const fn: TapeFn = (tape, [xx, ...rest]) => {
        const layer = make(s);
        bindParams(layer, Object.fromEntries(keys.map((k, i) => [k, rest[stateKeys.length + i]])));
        const run = layer.forward(tape, xx, Object.fromEntries(stateKeys.map((k, i) => [k, rest[i]])));
        return stateKeys.map((k) => run.outputs[k]);
      };
      gradcheck(fn, [x, ...init, ...params], { seed });
    }),
    { numRuns },
  );
}
