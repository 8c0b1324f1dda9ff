import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';

describe('arithmetic ops', () => {
  it('add broadcasts a bias row over a matrix', () => {
    const y = new Tape().apply('add', [Tensor.fromNested([[1, 2], [3, 4]]), Tensor.fromNested([10, 20])]);
    assert.deepEqual(y.toNested(), [[11, 22], [13, 24]]);
  });

  it('rejects shapes that cannot broadcast, naming the op and both shapes', () => {
    assert.throws(
      () => new Tape().apply('add', [Tensor.zeros([2, 3]), Tensor.zeros([4])]),
      (e: Error & { where?: { op?: string } }) => /\[2,3\].*\[4\]/.test(e.message) && e.where?.op === 'add',
    );
  });

  for (const op of ['add', 'sub', 'mul', 'div']) {
    it(`${op}: gradients match finite differences under broadcasting`, () => {
      fc.assert(
        fc.property(shapeArb(2, 3).chain((s) => fc.tuple(tensorArb(s), tensorArb([s[1]], 0.5, 2))), ([a, b]) => {
          gradcheck(opFn(op), [a, b]);
        }),
        { numRuns: 15 },
      );
    });
  }

  for (const [op, attrs, lo] of [['exp', {}, -2], ['log', {}, 0.2], ['sqrt', {}, 0.2], ['pow', { p: 3 }, -2], ['neg', {}, -2], ['scale', { s: -1.5 }, -2], ['add_scalar', { c: 2 }, -2]] as const) {
    it(`${op}: gradient matches finite differences`, () => {
      fc.assert(fc.property(shapeArb(2, 4).chain((s) => tensorArb(s, lo, 2)), (x) => gradcheck(opFn(op, attrs), [x])), { numRuns: 10 });
    });
  }
});
