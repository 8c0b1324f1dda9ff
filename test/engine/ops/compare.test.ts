import assert from 'node:assert/strict';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn } from '../../support/gradcheck';

describe('comparisons and casts', () => {
  it('compare gives 1 where the relation holds, broadcasting', () => {
    const a = Tensor.fromNested([[0, 3], [5, 0]]);
    assert.deepEqual(new Tape().apply('compare', [a, Tensor.scalar(0)], { kind: 'equal' }).toNested(), [[1, 0], [0, 1]]);
    assert.deepEqual(new Tape().apply('compare', [a, Tensor.scalar(3)], { kind: 'less' }).toNested(), [[1, 0], [0, 1]]);
    assert.deepEqual(new Tape().apply('compare', [a, Tensor.scalar(3)], { kind: 'greater' }).toNested(), [[0, 0], [1, 0]]);
    assert.deepEqual(new Tape().apply('not', [Tensor.fromNested([0, 2])]).toNested(), [1, 0]);
  });

  it('cast truncates toward 0 or tests ≠ 0, and passes no gradient', () => {
    const x = Tensor.fromNested([-1.5, 0, 2.7]);
    x.requiresGrad = true;
    const tape = new Tape();
    const y = tape.apply('cast', [x], { to: 'int' });
    assert.deepEqual(y.toNested(), [-1, 0, 2]);
    assert.deepEqual(new Tape().apply('cast', [x], { to: 'bool' }).toNested(), [1, 0, 1]);
    new BackwardPass(tape, [y]).run();
    assert.equal(x.grad, null);
  });

  it('identity copies its input and passes the gradient through (finite differences)', () => {
    gradcheck(opFn('identity'), [Tensor.fromNested([[1, -2], [3, 0.5]])]);
  });
});
