import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, tensorArb } from '../../support/gradcheck';

const dim = fc.integer({ min: 1, max: 3 });

/** Entry i of a (B, r, c) tensor as an (r, c) matrix. */
function entry(x: Tensor, i: number): Tensor {
  const [r, c] = x.shape.slice(-2);
  return Tensor.of(x.data.subarray(i * r * c, (i + 1) * r * c), [r, c]);
}

describe('batch_matmul', () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const attrs = { transA, transB };
      const operands = (batchA: boolean, batchB: boolean) =>
        fc.tuple(dim, dim, dim, dim).chain(([b, m, k, n]) =>
          fc.tuple(
            tensorArb([...(batchA ? [b] : []), ...(transA ? [k, m] : [m, k])]),
            tensorArb([...(batchB ? [b] : []), ...(transB ? [n, k] : [k, n])]),
          ),
        );

      it(`is matmul per batch entry (transA=${transA}, transB=${transB})`, () => {
        fc.assert(
          fc.property(operands(true, true), ([a, b]) => {
            const y = new Tape().apply('batch_matmul', [a, b], attrs);
            for (let i = 0; i < a.shape[0]; i++) {
              assert.deepEqual(entry(y, i).data, new Tape().apply('matmul', [entry(a, i), entry(b, i)], attrs).data);
            }
          }),
          { numRuns: 10 },
        );
      });

      for (const [batchA, batchB] of [[true, true], [true, false], [false, true]]) {
        it(`gradients match finite differences (transA=${transA}, transB=${transB}, batched a=${batchA}, b=${batchB})`, () => {
          fc.assert(fc.property(operands(batchA, batchB), ([a, b]) => gradcheck(opFn('batch_matmul', attrs), [a, b])), { numRuns: 8 });
        });
      }
    }
  }

  it('shares a plain matrix across the batch: x (B, T, D) times Wᵀ (D → O)', () => {
    const x = Tensor.of([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const W = Tensor.fromNested([[1, 0], [1, 1], [0, 2]]);
    const y = new Tape().apply('batch_matmul', [x, W], { transB: true });
    assert.deepEqual(y.toNested(), [[[1, 3, 4], [3, 7, 8]], [[5, 11, 12], [7, 15, 16]]]);
  });

  it('names both shapes when inner sizes or batch axes do not fit', () => {
    assert.throws(() => new Tape().apply('batch_matmul', [Tensor.zeros([2, 3, 4]), Tensor.zeros([2, 5, 2])]), /a \[2,3,4\] and b \[2,5,2\] do not fit: inner sizes 4 ≠ 5/);
    assert.throws(() => new Tape().apply('batch_matmul', [Tensor.zeros([2, 3, 4]), Tensor.zeros([3, 4, 2])]), /different batch axes \[2\] and \[3\]/);
    assert.throws(() => new Tape().apply('batch_matmul', [Tensor.zeros([4]), Tensor.zeros([4, 2])]), /at least 2 axes/);
  });
});
