import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, tensorArb } from '../../support/gradcheck';

describe('broadcast ops', () => {
  it('expand repeats size-1 axes to the broadcast shape', () => {
    const y = new Tape().apply('expand', [Tensor.fromNested([[1], [2]])], { shape: [2, 3] });
    assert.deepEqual(y.toNested(), [[1, 1, 1], [2, 2, 2]]);
    const z = new Tape().apply('expand', [Tensor.fromNested([1, 2])], { shape: [2, 1, 1] });
    assert.deepEqual(z.shape, [2, 1, 2]);
  });

  it('expand refuses shapes that do not broadcast, naming the op', () => {
    assert.throws(() => new Tape().apply('expand', [Tensor.zeros([2, 3])], { shape: [4, 3] }), (e: Error & { where?: { op?: string } }) => e.where?.op === 'expand');
  });

  it('expand: the gradient sums over the repeated axes (finite differences)', () => {
    fc.assert(fc.property(tensorArb([3, 1]), (x) => gradcheck(opFn('expand', { shape: [2, 3, 4] }), [x])), { numRuns: 10 });
  });

  it('where picks a where the condition holds, b elsewhere, broadcasting all three', () => {
    const y = new Tape().apply('where', [Tensor.fromNested([[1, 0, 1]]), Tensor.fromNested([[1, 2, 3], [4, 5, 6]]), Tensor.scalar(-Infinity)]);
    assert.deepEqual(y.toNested(), [[1, -Infinity, 3], [4, -Infinity, 6]]);
  });

  it('where: gradients go to the chosen side only (finite differences)', () => {
    const cond = Tensor.fromNested([[1, 0, 0], [0, 1, 1]]);
    fc.assert(fc.property(tensorArb([2, 3]), tensorArb([3]), (a, b) => gradcheck(opFn('where'), [cond, a, b], { constant: [0] })), { numRuns: 10 });
  });
});
