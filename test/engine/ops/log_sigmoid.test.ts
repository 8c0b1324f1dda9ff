import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';

function logSigmoidOf(values: number[]): { y: number[]; grad: number[] } {
  const tape = new Tape();
  const x = Tensor.of(values, [values.length]);
  x.requiresGrad = true;
  const y = tape.apply('log_sigmoid', [x]);
  new BackwardPass(tape, [y]).run();
  return { y: Array.from(y.data), grad: Array.from(x.grad!.data) };
}

describe('log_sigmoid', () => {
  it('equals log(1 / (1 + e^{−x})) where that is accurate', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), (v) => {
        const [y] = logSigmoidOf([v]).y;
        const naive = Math.log(1 / (1 + Math.exp(-v)));
        assert.ok(Math.abs(y - naive) <= 1e-14 * (1 + Math.abs(naive)), `x = ${v}: ${y} vs ${naive}`);
      }),
    );
  });

  it('gradient matches finite differences', () => {
    fc.assert(fc.property(shapeArb(2, 4).chain((s) => tensorArb(s, -6, 6)), (x) => gradcheck(opFn('log_sigmoid'), [x])), { numRuns: 20 });
  });

  it('is finite and exact at x = ±1000 (−softplus(−x)), with gradient σ(−x)', () => {
    const { y, grad } = logSigmoidOf([1000, -1000]);
    assert.ok(y[0] === 0, `log σ(1000) = ${y[0]}`);
    assert.equal(y[1], -1000);
    assert.deepEqual(grad, [0, 1]);
  });

  it('keeps the tiny value −e^{−x} for large x, where log(σ(x)) rounds to 0', () => {
    const [y] = logSigmoidOf([40]).y;
    const expected = -Math.exp(-40);
    assert.ok(Math.abs(y - expected) <= 1e-12 * Math.abs(expected), `${y} vs ${expected}`);
  });
});
