import assert from 'node:assert/strict';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import type { BackstepError } from '../../../engine/errors';
import { Tensor } from '../../../engine/tensor/tensor';
import type { ReferenceCase } from '../../../tools/reference/adapter';
import { assertMatches, tensorOf } from '../../support/reference';

/**
 * Runs one `grad` reference case through a layer: inputs named in `params` are the layer's own
 * parameter tensors (their values are overwritten with the case's), every other input is a new leaf.
 * Checks every output, seeds the backward pass with the case's upstream, checks every gradient.
 */
export function checkGradCase(
  c: ReferenceCase,
  params: Readonly<Record<string, Tensor>>,
  run: (tape: Tape, inputs: Record<string, Tensor>) => Record<string, Tensor>,
): void {
  const inputs: Record<string, Tensor> = {};
  for (const [k, json] of Object.entries(c.inputs ?? {})) {
    const own = params[k];
    if (!own) {
      inputs[k] = tensorOf(json, k, true);
      continue;
    }
    assert.deepEqual(own.shape, json.shape, `parameter ${k}`);
    own.data.set(json.data);
    own.grad = null;
    inputs[k] = own;
  }
  const tape = new Tape();
  const outputs = run(tape, inputs);
  assertMatches('outputs', outputs, c.outputs ?? {});
  const ups = Object.entries(c.upstream ?? {});
  new BackwardPass(tape, ups.map(([k]) => outputs[k]), ups.map(([, u]) => tensorOf(u))).run();
  const grads = Object.fromEntries(Object.keys(c.grads ?? {}).map((k) => [k, inputs[k].grad ?? Tensor.zeros(inputs[k].shape)]));
  assertMatches('grads', grads, c.grads ?? {});
}

/** The sum of each row of a (…, keys) tensor. */
export function rowSums(w: Tensor): number[] {
  const n = w.shape[w.rank - 1];
  const sums = new Array<number>(w.size / n).fill(0);
  w.data.forEach((x, i) => (sums[Math.floor(i / n)] += x));
  return sums;
}

/** A predicate for assert.throws: a BackstepError of `code` for `layer` whose message matches. */
export function backstepError(code: string, layer: string, message: RegExp): (e: unknown) => boolean {
  return (e) => {
    const err = e as BackstepError;
    assert.equal(err.name, 'BackstepError', String(e));
    assert.equal(err.code, code, err.message);
    assert.equal(err.where.layer, layer, err.message);
    assert.match(err.message, message);
    return true;
  };
}

/** x with values from a fixed PRNG in [−2, 2). */
export function randomTensor(shape: number[], rand: () => number): Tensor {
  return Tensor.of(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 4 - 2), shape);
}

/** Entry i of a batch (B, …) as a tensor of its own (a copy). */
export function batchEntry(x: Tensor, i: number): Tensor {
  const per = x.size / x.shape[0];
  return Tensor.of(x.data.subarray(i * per, (i + 1) * per), x.shape.slice(1), x.dtype);
}

/** Asserts that a batched result equals, entry by entry, the result for each sequence alone. */
export function assertBatchMatches(batched: Tensor, single: (i: number) => Tensor, label: string): void {
  for (let i = 0; i < batched.shape[0]; i++) {
    const want = single(i);
    assert.deepEqual(batched.shape.slice(1), want.shape, `${label} shape`);
    batchEntry(batched, i).data.forEach((v, j) => assert.ok(Math.abs(v - want.data[j]) <= 1e-12 * (1 + Math.abs(want.data[j])), `${label}[${i}] element ${j}: ${v} vs ${want.data[j]}`));
  }
}
