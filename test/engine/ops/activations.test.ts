import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError } from '../../../engine/errors';
import type { Attrs } from '../../../engine/ops/registry';
import { Tensor } from '../../../engine/tensor/tensor';
import { runCase } from '../../../tools/reference/run';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';

function apply(op: string, values: number[], attrs: Attrs = {}): number[] {
  return Array.from(new Tape().apply(op, [Tensor.of(values, [values.length])], attrs).data);
}

/** y and dL/dx for L = Σ y (seed 1), at the given points. */
function valueAndGrad(op: string, values: number[], attrs: Attrs = {}): { y: number[]; dx: number[] } {
  const x = Tensor.of(values, [values.length], 'float64', 'x');
  x.requiresGrad = true;
  const tape = new Tape();
  const y = tape.apply(op, [x], attrs);
  new BackwardPass(tape, [y]).run();
  return { y: Array.from(y.data), dx: Array.from(x.grad?.data ?? []) };
}

/** Random tensors whose entries keep at least 0.1 away from 0, where relu, leaky_relu, elu and step have a kink. */
const awayFromZero = shapeArb(2, 4).chain((s) => tensorArb(s, -3, 3)).map((t) => {
  const x = t.clone();
  for (let i = 0; i < x.size; i++) x.data[i] = x.data[i] >= 0 ? x.data[i] + 0.1 : x.data[i] - 0.1;
  return x;
});

const sigma = (v: number) => 1 / (1 + Math.exp(-v));

describe('activations', () => {
  describe('exact small examples', () => {
    it('step is the Heaviside step with H(0) = 1 (the perceptron fires at a ≥ 0)', () => {
      assert.deepEqual(apply('step', [-2, -1e-9, 0, 3]), [0, 0, 1, 1]);
    });

    it('sigmoid, tanh and silu at a few points', () => {
      assert.deepEqual(apply('sigmoid', [0, 2, -2]), [0.5, sigma(2), sigma(-2)]);
      assert.deepEqual(apply('tanh', [0, 1, -0.5]), [0, Math.tanh(1), Math.tanh(-0.5)]);
      const silu = apply('silu', [0, 1.5, -1.5]);
      assert.equal(silu[0], 0);
      assert.ok(Math.abs(silu[1] - 1.5 * sigma(1.5)) < 1e-15);
      assert.ok(Math.abs(silu[2] + 1.5 * sigma(-1.5)) < 1e-15);
    });

    it('relu zeroes negatives; leaky_relu scales them by alpha (default 0.01)', () => {
      assert.deepEqual(apply('relu', [-3, 0, 2.5]), [0, 0, 2.5]);
      assert.deepEqual(apply('leaky_relu', [-3, 2.5]), [-0.03, 2.5]);
      assert.deepEqual(apply('leaky_relu', [-3, 2.5], { alpha: 0.2 }), [-3 * 0.2, 2.5]);
    });

    it('elu is alpha·(eˣ − 1) below zero (default alpha 1)', () => {
      assert.deepEqual(apply('elu', [-1, 2]), [Math.expm1(-1), 2]);
      assert.deepEqual(apply('elu', [-1, 2], { alpha: 0.5 }), [0.5 * Math.expm1(-1), 2]);
    });

    it('gradients at known points', () => {
      assert.deepEqual(valueAndGrad('relu', [-1, 2]).dx, [0, 1]);
      assert.deepEqual(valueAndGrad('leaky_relu', [-1, 2], { alpha: 0.1 }).dx, [0.1, 1]);
      assert.deepEqual(valueAndGrad('sigmoid', [0]).dx, [0.25]);
      assert.deepEqual(valueAndGrad('tanh', [0]).dx, [1]);
      assert.deepEqual(valueAndGrad('silu', [0]).dx, [0.5]);
      assert.deepEqual(valueAndGrad('elu', [0.5, -2], { alpha: 2 }).dx, [1, 2 * Math.exp(-2)]);
    });

    it('relu is exact at the edges of its branch-free kernel: huge, infinite and NaN inputs', () => {
      assert.deepEqual(apply('relu', [1.7e308, Infinity, -Infinity, -1.7e308, 5e-324, -0]), [1.7e308, Infinity, 0, 0, 5e-324, 0]);
      assert.ok(Number.isNaN(apply('relu', [NaN])[0]), 'NaN stays visible');
      const x = Tensor.of([-1, 2, -3], [3], 'float64', 'x');
      x.requiresGrad = true;
      const tape = new Tape();
      const y = tape.apply('relu', [x]);
      new BackwardPass(tape, [y], [Tensor.of([Infinity, Infinity, NaN], [3])]).run();
      assert.deepEqual(Array.from(x.grad?.data ?? []), [0, Infinity, 0], 'no gradient, not even ∞ or NaN, flows where x ≤ 0');
    });

    it('step passes no gradient: its input receives zeros', () => {
      assert.deepEqual(valueAndGrad('step', [-1, 0.5, 3]).dx, [0, 0, 0]);
    });

    it('keeps float32 inputs in float32', () => {
      for (const op of ['step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu']) {
        assert.equal(new Tape().apply(op, [Tensor.of([-1, 1], [2], 'float32')]).dtype, 'float32', op);
      }
    });

    it('do not write into their input', () => {
      const x = Tensor.of([-1, 0.5], [2]);
      for (const op of ['step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu']) new Tape().apply(op, [x]);
      assert.deepEqual(Array.from(x.data), [-1, 0.5]);
    });
  });

  describe('finite differences on random shapes and values', () => {
    const smooth: [string, Attrs][] = [['sigmoid', {}], ['tanh', {}], ['silu', {}]];
    for (const [op, attrs] of smooth) {
      it(`${op}`, () => {
        fc.assert(fc.property(shapeArb(3, 3).chain((s) => tensorArb(s, -6, 6)), (x) => gradcheck(opFn(op, attrs), [x])), { numRuns: 25 });
      });
    }
    const kinked: [string, Attrs][] = [['relu', {}], ['leaky_relu', {}], ['leaky_relu', { alpha: 0.3 }], ['elu', {}], ['elu', { alpha: 0.7 }], ['step', {}]];
    for (const [op, attrs] of kinked) {
      it(`${op} ${JSON.stringify(attrs)} (inputs kept away from 0)`, () => {
        fc.assert(fc.property(awayFromZero, (x) => gradcheck(opFn(op, attrs), [x])), { numRuns: 25 });
      });
    }
  });

  describe('numerical stability at ±1000', () => {
    const extremes = [-1000, -745, -40, 40, 745, 1000];

    it('sigmoid saturates to exactly 0 and 1 without NaN, and its gradient to 0', () => {
      const { y, dx } = valueAndGrad('sigmoid', [-1000, 1000]);
      assert.deepEqual(y, [0, 1]);
      assert.deepEqual(dx, [0, 0]);
    });

    it('tanh saturates to ±1, silu to 0 and x, elu to −alpha', () => {
      assert.deepEqual(valueAndGrad('tanh', [-1000, 1000]), { y: [-1, 1], dx: [0, 0] });
      const silu = valueAndGrad('silu', [-1000, 1000]);
      assert.deepEqual(silu.y.map(Math.abs), [0, 1000]);
      assert.deepEqual(silu.dx.map(Math.abs), [0, 1]);
      assert.deepEqual(valueAndGrad('elu', [-1000], { alpha: 2 }), { y: [-2], dx: [0] });
    });

    for (const op of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu', 'step']) {
      it(`${op} gives finite values and gradients at ${extremes.join(', ')}`, () => {
        const { y, dx } = valueAndGrad(op, extremes);
        assert.ok([...y, ...dx].every(Number.isFinite), `${op}: ${y} / ${dx}`);
      });
    }
  });

  describe('bad attributes', () => {
    for (const op of ['leaky_relu', 'elu']) {
      it(`${op} rejects a non-numeric alpha, naming the op and attribute`, () => {
        assert.throws(
          () => new Tape().apply(op, [Tensor.of([1], [1])], { alpha: 'big' }),
          (e: unknown) => e instanceof BackstepError && e.code === 'E_ATTR' && e.where.op === op && /alpha/.test(e.message),
        );
      });
    }
  });

  describe('reference cases (PyTorch, float64)', () => {
    for (const op of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu']) {
      for (const c of referenceCases(op)) {
        it(`${op} › ${c.name}`, () => {
          const { mismatches } = runCase(`${op}.json`, op, 'grad', c);
          assert.deepEqual(mismatches.map((m) => `${m.key}: ${m.message}`), []);
        });
      }
    }
  });
});
