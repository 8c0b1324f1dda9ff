import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, tensorArb } from '../../support/gradcheck';

describe('matmul', () => {
  it('multiplies a 2×3 by a 3×2 matrix', () => {
    const y = new Tape().apply('matmul', [Tensor.fromNested([[1, 2, 3], [4, 5, 6]]), Tensor.fromNested([[1, 0], [0, 1], [1, 1]])]);
    assert.deepEqual(y.toNested(), [[4, 5], [10, 11]]);
  });

  it('says which inner sizes do not fit', () => {
    assert.throws(() => new Tape().apply('matmul', [Tensor.zeros([2, 3]), Tensor.zeros([4, 2])]), /inner sizes 3 ≠ 4/);
  });

  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`gradients match finite differences (transA=${transA}, transB=${transB})`, () => {
        const dims = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));
        fc.assert(
          fc.property(
            dims.chain(([m, k, n]) => fc.tuple(tensorArb(transA ? [k, m] : [m, k]), tensorArb(transB ? [n, k] : [k, n]))),
            ([a, b]) => gradcheck(opFn('matmul', { transA, transB }), [a, b]),
          ),
          { numRuns: 10 },
        );
      });
    }
  }
});
