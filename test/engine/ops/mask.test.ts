import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { MASKED_SCORE } from '../../../engine/ops/mask';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, shapeArb, tensorArb } from '../../support/gradcheck';

describe('causal_mask', () => {
  it('keeps entries on and below the diagonal and masks every key j > i', () => {
    const x = Tensor.fromNested([[1, 2, 3], [4, 5, 6]]);
    const y = new Tape().apply('causal_mask', [x]);
    assert.deepEqual(y.toNested(), [[1, MASKED_SCORE, MASKED_SCORE], [4, 5, MASKED_SCORE]]);
    assert.deepEqual(x.toNested(), [[1, 2, 3], [4, 5, 6]], 'the input is left unchanged');
  });

  it('masks each matrix of a stack of (queries × keys) matrices', () => {
    const y = new Tape().apply('causal_mask', [Tensor.of([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])]);
    assert.deepEqual(y.toNested(), [[[1, MASKED_SCORE], [3, 4]], [[5, MASKED_SCORE], [7, 8]]]);
  });

  it('stays finite (no NaN/Inf stop) and makes a following softmax exactly 0 on masked keys', () => {
    const tape = new Tape();
    const w = tape.apply('softmax', [tape.apply('causal_mask', [Tensor.fromNested([[900, -900, 5], [0.5, 2, 1e3], [3, 1, 2]])])]);
    assert.equal(tape.nodes[0].nonFinite, 0);
    assert.deepEqual([w.get(0, 1), w.get(0, 2), w.get(1, 2)], [0, 0, 0]);
    assert.equal(w.get(0, 0), 1);
  });

  it('passes the gradient through kept entries and blocks it at masked ones', () => {
    const tape = new Tape();
    const x = Tensor.fromNested([[1, 2], [3, 4]]);
    x.requiresGrad = true;
    const y = tape.apply('causal_mask', [x]);
    new BackwardPass(tape, [y], [Tensor.fromNested([[10, 20], [30, 40]])]).run();
    assert.deepEqual(x.grad?.toNested(), [[10, 0], [30, 40]]);
  });

  // The masked entries are ≈ −3.4e38, so a loss that reads them directly drowns any finite difference;
  // the mask is checked where it is used, under a softmax (masked entries then contribute exactly 0).
  it('gradients of softmax(causal_mask(x)) match finite differences', () => {
    const maskedSoftmax = (tape: Tape, [x]: Tensor[]): Tensor[] => [tape.apply('softmax', [tape.apply('causal_mask', [x])])];
    fc.assert(
      fc.property(shapeArb(3, 4).chain((s) => tensorArb(s)), (x) => gradcheck(maskedSoftmax, [x])),
      { numRuns: 20 },
    );
  });

  it('refuses a vector, naming the op and the shape', () => {
    assert.throws(
      () => new Tape().apply('causal_mask', [Tensor.zeros([3])]),
      (e: Error & { where?: { op?: string } }) => /rank ≥ 2.*\[3\]/.test(e.message) && e.where?.op === 'causal_mask',
    );
  });
});
