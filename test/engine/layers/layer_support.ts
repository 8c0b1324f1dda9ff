import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError } from '../../../engine/errors';
import { Tensor } from '../../../engine/tensor/tensor';
import type { ReferenceCase } from '../../../tools/reference/adapter';
import { bindParams } from '../../../engine/layers/params';
import type { RecurrentLayer } from '../../../engine/layers/recurrent';
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
}

/** Small random sequence sizes; B = 0 stands for one unbatched (T, I) sequence. */
export function seqSizesArb(batched: boolean): fc.Arbitrary<SeqSizes> {
  return fc.record({
    T: fc.integer({ min: 1, max: 3 }),
    B: batched ? fc.integer({ min: 1, max: 3 }) : fc.constant(0),
    I: fc.integer({ min: 1, max: 3 }),
    H: fc.integer({ min: 1, max: 3 }),
  });
}

/** Random x (T, I) or (T, B, I) and initial state (H) or (B, H), with sizes. */
export function sequenceArb(states: number, batched: boolean): fc.Arbitrary<{ s: SeqSizes; x: Tensor; init: Tensor[] }> {
  return seqSizesArb(batched).chain((s) => {
    const state = s.B ? [s.B, s.H] : [s.H];
    return fc
      .tuple(tensorArb(s.B ? [s.T, s.B, s.I] : [s.T, s.I]), fc.array(tensorArb(state, -1, 1), { minLength: states, maxLength: states }))
      .map(([x, init]) => ({ s, x, init }));
  });
}

/** The (b)-th sequence of a time-major batch (T, B, I) as its own (T, I) tensor. */
export function sequenceOf(x: Tensor, b: number): Tensor {
  const [T, B, I] = x.shape;
  const out = Tensor.zeros([T, I]);
  for (let t = 0; t < T; t++) out.data.set(x.data.subarray((t * B + b) * I, (t * B + b + 1) * I), t * I);
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
export function recurrentGradcheck(make: (s: SeqSizes) => RecurrentLayer, stateKeys: string[], batched: boolean, numRuns = 5): void {
  fc.assert(
    fc.property(sequenceArb(stateKeys.length, batched), fc.integer({ min: 1, max: 1 << 30 }), ({ s, x, init }, seed) => {
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
