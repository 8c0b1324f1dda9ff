import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError, type ErrorCode } from '../../../engine/errors';
import type { ReferenceCase } from '../../../tools/reference/adapter';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';
import { assertMatches, referenceCases, tensorOf } from '../../support/reference';

function isBackstepError(code: ErrorCode, op: string, message?: RegExp) {
  return (e: unknown) => e instanceof BackstepError && e.code === code && e.where.op === op && (!message || message.test(e.message));
}

function loss(op: string, inputs: Tensor[]): number {
  return new Tape().apply(op, inputs).data[0];
}

/** The loss and the gradients of every input that requires one, from L̄ = 1. */
function lossAndGrads(op: string, inputs: Tensor[]): { value: number; grads: (Tensor | null)[] } {
  const tape = new Tape();
  const y = tape.apply(op, inputs);
  new BackwardPass(tape, [y]).run();
  return { value: y.data[0], grads: inputs.map((x) => x.grad) };
}

function leaf(values: number[][] | number[]): Tensor {
  const t = Tensor.fromNested(values);
  t.requiresGrad = true;
  return t;
}

function close(actual: number, expected: number, tol = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tol * (1 + Math.abs(expected)), `${actual} ≠ ${expected}`);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Two tensors of one random shape (rank 1–3) with values in [lo, hi] and [lo2, hi2]. */
function pairArb(lo: number, hi: number, lo2: number, hi2: number): fc.Arbitrary<[Tensor, Tensor]> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain((r) => shapeArb(r, 4))
    .chain((s) => fc.tuple(tensorArb(s, lo, hi), tensorArb(s, lo2, hi2)));
}

/** logits (N,C) in [−3, 3] and a valid class index per row. */
const logitsAndTargets = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([n, c]) => fc.tuple(tensorArb([n, c], -3, 3), fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n })))
  .map(([z, t]) => [z, Tensor.of(t, [t.length])] as [Tensor, Tensor]);

describe('mse', () => {
  it('is the mean of (pred − target)² over every element', () => {
    close(loss('mse', [Tensor.fromNested([[1, 2], [3, 4]]), Tensor.fromNested([[0, 2], [5, 4]])]), (1 + 0 + 4 + 0) / 4);
  });

  it('gradients for pred and target match finite differences', () => {
    fc.assert(fc.property(pairArb(-2, 2, -2, 2), ([p, t]) => gradcheck(opFn('mse'), [p, t])), { numRuns: 25 });
  });

  it('gives pred 2(pred − target)/n and target the opposite', () => {
    const { grads } = lossAndGrads('mse', [leaf([1, 5]), leaf([2, 2])]);
    assert.deepEqual(Array.from(grads[0]!.data), [-1, 3]);
    assert.deepEqual(Array.from(grads[1]!.data), [1, -3]);
  });

  it('rejects shapes that differ (no broadcasting), naming both', () => {
    assert.throws(() => loss('mse', [Tensor.zeros([3, 2]), Tensor.zeros([2])]), isBackstepError('E_SHAPE', 'mse', /\[3,2\].*\[2\]/));
    assert.throws(() => loss('mse', [Tensor.zeros([0]), Tensor.zeros([0])]), isBackstepError('E_SHAPE', 'mse', /empty/));
  });
});

describe('cross_entropy', () => {
  it('is −(1/N) Σ_n log softmax(logits_n)[target_n]', () => {
    fc.assert(
      fc.property(logitsAndTargets, ([z, t]) => {
        const [n, c] = z.shape;
        let expected = 0;
        for (let r = 0; r < n; r++) {
          const row = Array.from(z.data.subarray(r * c, (r + 1) * c));
          expected -= Math.log(Math.exp(row[t.data[r]]) / row.reduce((s, v) => s + Math.exp(v), 0)) / n;
        }
        close(loss('cross_entropy', [z, t]), expected, 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('gradient for logits matches finite differences; target is constant', () => {
    fc.assert(fc.property(logitsAndTargets, ([z, t]) => gradcheck(opFn('cross_entropy'), [z, t], { constant: [1] })), { numRuns: 25 });
  });

  it('sends (softmax − onehot)/N to logits and nothing to a target that asks for a gradient', () => {
    const t = Tensor.of([1, 0], [2]);
    t.requiresGrad = true;
    const { grads } = lossAndGrads('cross_entropy', [leaf([[0, 0], [0, Math.log(3)]]), t]);
    [0.25, -0.25, -0.375, 0.375].forEach((e, i) => close(grads[0]!.data[i], e));
    assert.equal(grads[1], null);
  });

  it('stays finite and exact for logits of magnitude 1000', () => {
    const { value, grads } = lossAndGrads('cross_entropy', [leaf([[1000, -1000, 0], [-1000, 1000, 999]]), Tensor.of([2, 2], [2])]);
    // row 0: logsumexp = 1000, loss 1000; row 1: logsumexp = 1000 + log(1 + e^{−1}), loss 1 + log(1 + e^{−1})
    close(value, (1000 + 1 + Math.log1p(Math.exp(-1))) / 2);
    assert.ok(grads[0]!.data.every(Number.isFinite));
    close(grads[0]!.data[0], 0.5);
  });

  it('rejects a class index out of range or not an integer, naming op and shapes', () => {
    const z = Tensor.zeros([2, 3]);
    assert.throws(() => loss('cross_entropy', [z, Tensor.of([0, 3], [2])]), isBackstepError('E_INDEX', 'cross_entropy', /target\[1\] = 3.*\[0, 3\).*\[2,3\]/));
    assert.throws(() => loss('cross_entropy', [z, Tensor.of([-1, 0], [2])]), isBackstepError('E_INDEX', 'cross_entropy'));
    assert.throws(() => loss('cross_entropy', [z, Tensor.of([0.5, 0], [2])]), isBackstepError('E_INDEX', 'cross_entropy'));
  });

  it('rejects a target of the wrong length and logits that are not (N,C), naming the shapes', () => {
    assert.throws(() => loss('cross_entropy', [Tensor.zeros([2, 3]), Tensor.of([0, 1, 2], [3])]), isBackstepError('E_SHAPE', 'cross_entropy', /\[2,3\].*\[3\]/));
    assert.throws(() => loss('cross_entropy', [Tensor.zeros([3]), Tensor.of([0], [1])]), isBackstepError('E_SHAPE', 'cross_entropy', /2-D/));
  });
});

describe('bce', () => {
  it('is −(1/N) Σ [y log p + (1 − y) log(1 − p)]', () => {
    close(loss('bce', [Tensor.of([0.8, 0.3], [2]), Tensor.of([1, 0.5], [2])]), -(Math.log(0.8) + 0.5 * Math.log(0.3) + 0.5 * Math.log(0.7)) / 2);
  });

  it('gradients for p and y match finite differences', () => {
    fc.assert(fc.property(pairArb(0.05, 0.95, 0, 1), ([p, y]) => gradcheck(opFn('bce'), [p, y])), { numRuns: 25 });
  });

  it('clamps each log at −100, as PyTorch does, so p = 0 or 1 gives a finite loss and gradient', () => {
    const { value, grads } = lossAndGrads('bce', [leaf([0, 1]), leaf([1, 0])]);
    assert.equal(value, 100);
    assert.ok(grads[0]!.data.every(Number.isFinite) && grads[1]!.data.every(Number.isFinite));
    assert.ok(grads[0]!.data[0] < 0 && grads[0]!.data[1] > 0, 'the gradient still pushes p toward y');
  });

  it('rejects p outside [0, 1] and shapes that differ', () => {
    assert.throws(() => loss('bce', [Tensor.of([0.5, 1.5], [2]), Tensor.of([1, 0], [2])]), isBackstepError('E_ARGUMENT', 'bce', /p\[1\] = 1.5/));
    assert.throws(() => loss('bce', [Tensor.zeros([4]), Tensor.zeros([4, 1])]), isBackstepError('E_SHAPE', 'bce', /\[4\].*\[4,1\]/));
  });
});

describe('bce_with_logits', () => {
  it('equals bce(σ(z), y)', () => {
    fc.assert(
      fc.property(pairArb(-6, 6, 0, 1), ([z, y]) => {
        const p = Tensor.of(Array.from(z.data, sigmoid), z.shape);
        close(loss('bce_with_logits', [z, y]), loss('bce', [p, y]), 1e-10);
      }),
      { numRuns: 40 },
    );
  });

  it('gradients for z and y match finite differences', () => {
    fc.assert(fc.property(pairArb(-5, 5, 0, 1), ([z, y]) => gradcheck(opFn('bce_with_logits'), [z, y])), { numRuns: 25 });
  });

  it('does not overflow at z = ±1000', () => {
    const { value, grads } = lossAndGrads('bce_with_logits', [leaf([1000, -1000, 1000, -1000]), leaf([0, 1, 1, 0])]);
    // the confidently wrong logits cost 1000 each; the confidently right ones cost e^{−1000} ≈ 0
    assert.equal(value, 500);
    assert.deepEqual(Array.from(grads[0]!.data), [0.25, -0.25, 0, 0]);
    assert.deepEqual(Array.from(grads[1]!.data), [-250, 250, -250, 250]);
  });

  it('rejects shapes that differ, naming both', () => {
    assert.throws(() => loss('bce_with_logits', [Tensor.zeros([3]), Tensor.zeros([2])]), isBackstepError('E_SHAPE', 'bce_with_logits', /\[3\].*\[2\]/));
  });
});

/** The op's inputs, in order, for a reference case (class targets become a constant float tensor). */
const referenceInputs: Record<string, (c: ReferenceCase, leaves: Record<string, Tensor>) => Tensor[]> = {
  mse: (_c, { pred, target }) => [pred, target],
  cross_entropy: (c, { logits }) => {
    const t = c.int_inputs!.target as number[];
    return [logits, Tensor.of(t, [t.length])];
  },
  bce: (_c, { p, y }) => [p, y],
  bce_with_logits: (_c, { logits, y }) => [logits, y],
};

for (const [op, inputsOf] of Object.entries(referenceInputs)) {
  describe(`${op} reference cases (test/reference/${op}.json)`, () => {
    for (const c of referenceCases(op)) {
      it(c.name, () => {
        const leaves = Object.fromEntries(Object.entries(c.inputs!).map(([k, v]) => [k, tensorOf(v, k, true)]));
        const tape = new Tape();
        const y = tape.apply(op, inputsOf(c, leaves));
        assertMatches('outputs', { loss: y }, c.outputs);
        new BackwardPass(tape, [y], [tensorOf(c.upstream!.loss)]).run();
        assertMatches('grads', Object.fromEntries(Object.keys(c.grads!).map((k) => [k, leaves[k].grad])), c.grads);
      });
    }
  });
}
