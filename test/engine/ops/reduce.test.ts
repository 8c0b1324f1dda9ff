import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError } from '../../../engine/errors';
import type { Attrs } from '../../../engine/ops/registry';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, mulberry, opFn, shapeArb, tensorArb } from '../../support/gradcheck';

const m23 = () => Tensor.fromNested([[1, 5, 3], [4, 2, 6]]);

function run(op: string, x: Tensor, attrs: Attrs = {}): Tensor {
  return new Tape().apply(op, [x], attrs);
}

/** dL/dx with L = ⟨y, seed⟩. */
function gradOf(op: string, x: Tensor, attrs: Attrs, seed: number[]): number[] {
  const p = x.clone('x');
  p.requiresGrad = true;
  const tape = new Tape();
  const y = tape.apply(op, [p], attrs);
  new BackwardPass(tape, [y], [Tensor.of(seed, y.shape)]).run();
  return Array.from(p.grad?.data ?? []);
}

/**
 * The specification written the slow, obvious way: visit every element by its multi-index, drop the
 * reduced coordinates, and fold into that output cell (first strictly greater wins for max).
 */
function naiveReduce(op: 'sum' | 'mean' | 'max', x: Tensor, axes: number[], keepDims: boolean): { shape: number[]; data: number[] } {
  const reduced = x.shape.map((_, i) => axes.includes(i));
  const shape = x.shape.flatMap((d, i) => (reduced[i] ? (keepDims ? [1] : []) : [d]));
  const keptDims = x.shape.filter((_, i) => !reduced[i]);
  const size = keptDims.reduce((a, b) => a * b, 1);
  const acc: number[] = new Array(size).fill(op === 'max' ? -Infinity : 0);
  const count = x.shape.reduce((n, d, i) => (reduced[i] ? n * d : n), 1);
  for (let flat = 0; flat < x.size; flat++) {
    let rest = flat;
    const index = new Array<number>(x.rank);
    for (let k = x.rank - 1; k >= 0; k--) {
      index[k] = rest % x.shape[k];
      rest = Math.floor(rest / x.shape[k]);
    }
    let o = 0;
    index.forEach((v, k) => {
      if (!reduced[k]) o = o * x.shape[k] + v;
    });
    const v = x.data[flat];
    acc[o] = op === 'max' ? Math.max(acc[o], v) : acc[o] + v;
  }
  return { shape, data: op === 'mean' ? acc.map((s) => s / count) : acc };
}

/** A random tensor of rank 0–4 with a random subset of its axes (sometimes negative), or no axes attr at all. */
const reduceCase = fc
  .integer({ min: 0, max: 4 })
  .chain((rank) => shapeArb(rank, 3))
  .chain((shape) =>
    fc.record({
      x: tensorArb(shape),
      axes: fc.option(fc.subarray(shape.map((_, i) => i)), { nil: undefined }),
      negate: fc.boolean(),
      keepDims: fc.boolean(),
    }),
  )
  .map(({ x, axes, negate, keepDims }) => ({
    x,
    axes: axes && negate ? axes.map((a) => a - x.rank) : axes,
    keepDims,
  }));

/** Values at least 0.27 apart in a seeded random order, so the arg-max is unique and finite differences are valid. */
const distinctTensor = (shape: number[], seed: number) => {
  const rand = mulberry(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => i * 0.37 + rand() * 0.1 - n * 0.18);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return Tensor.of(values, shape);
};

describe('reductions', () => {
  describe('exact small examples', () => {
    it('without axes, sum, mean and max reduce everything to a scalar of shape []', () => {
      for (const [op, value] of [['sum', 21], ['mean', 3.5], ['max', 6]] as const) {
        const y = run(op, m23());
        assert.deepEqual(y.shape, [], op);
        assert.equal(y.data[0], value, op);
      }
    });

    it('over one axis, with and without keepDims', () => {
      assert.deepEqual(run('sum', m23(), { axes: [1] }).toNested(), [9, 12]);
      assert.deepEqual(run('sum', m23(), { axes: [0] }).toNested(), [5, 7, 9]);
      assert.deepEqual(run('mean', m23(), { axes: [-1], keepDims: true }).toNested(), [[3], [4]]);
      assert.deepEqual(run('max', m23(), { axes: [0], keepDims: true }).toNested(), [[4, 5, 6]]);
      assert.deepEqual(run('sum', m23(), { keepDims: true }).shape, [1, 1]);
    });

    it('axes: [] reduces nothing', () => {
      assert.deepEqual(run('sum', m23(), { axes: [] }).toNested(), m23().toNested());
    });

    it('over non-neighbouring axes (0 and 2 of a 2×3×2 tensor)', () => {
      const x = Tensor.of(Array.from({ length: 12 }, (_, i) => i), [2, 3, 2]);
      // y[j] = Σ_{i,k} x[i,j,k]: j = 0 → 0+1+6+7
      assert.deepEqual(run('sum', x, { axes: [0, 2] }).toNested(), [14, 22, 30]);
      assert.deepEqual(run('max', x, { axes: [2, 0] }).toNested(), [7, 9, 11]);
    });

    it('sum copies the gradient back along the reduced axes; mean divides it by the count', () => {
      assert.deepEqual(gradOf('sum', m23(), { axes: [1] }, [10, 20]), [10, 10, 10, 20, 20, 20]);
      assert.deepEqual(gradOf('mean', m23(), { axes: [0] }, [2, 4, 6]), [1, 2, 3, 1, 2, 3]);
      assert.deepEqual(gradOf('mean', m23(), {}, [6]), [1, 1, 1, 1, 1, 1]);
    });

    it('max sends the gradient to the arg-max only, and to the first one on ties', () => {
      assert.deepEqual(gradOf('max', m23(), { axes: [1] }, [10, 20]), [0, 10, 0, 0, 0, 20]);
      const ties = Tensor.fromNested([[3, 1, 3], [2, 2, 2]]);
      assert.deepEqual(gradOf('max', ties, { axes: [1] }, [1, 1]), [1, 0, 0, 1, 0, 0]);
      assert.deepEqual(gradOf('max', ties, { axes: [0] }, [1, 1, 1]), [1, 0, 1, 0, 1, 0]);
      assert.deepEqual(gradOf('max', ties, {}, [5]), [5, 0, 0, 0, 0, 0]);
      const x = Tensor.of([1, 9, 9, 0, 9, 9, 0, 0], [2, 2, 2]);
      // axes 0 and 2: the 9s at flat 1, 4, 5 tie for j = 0, and flat 1 comes first; j = 1 has one 9, at flat 2
      assert.deepEqual(gradOf('max', x, { axes: [0, 2] }, [1, 1]), [0, 1, 1, 0, 0, 0, 0, 0]);
    });

    it('max propagates NaN', () => {
      assert.ok(Number.isNaN(run('max', Tensor.of([1, NaN, 3], [3])).data[0]));
      assert.ok(Number.isNaN(run('max', Tensor.of([NaN, 5, 3], [3])).data[0]));
    });

    it('keeps float32 in float32', () => {
      for (const op of ['sum', 'mean', 'max']) assert.equal(run(op, Tensor.of([1, 2], [2], 'float32')).dtype, 'float32');
    });
  });

  describe('agree with the element-by-element definition on random shapes and axes', () => {
    for (const op of ['sum', 'mean', 'max'] as const) {
      it(op, () => {
        fc.assert(
          fc.property(reduceCase, ({ x, axes, keepDims }) => {
            const y = run(op, x, { axes, keepDims });
            const norm = (axes ?? x.shape.map((_, i) => i)).map((a) => (a < 0 ? a + x.rank : a));
            const expected = naiveReduce(op, x, norm, keepDims);
            assert.deepEqual(y.shape, expected.shape);
            y.data.forEach((v, i) => assert.ok(Math.abs(v - expected.data[i]) <= 1e-12 * (1 + Math.abs(expected.data[i])), `${v} vs ${expected.data[i]}`));
          }),
          { numRuns: 100 },
        );
      });
    }
  });

  describe('finite differences on random shapes and axes', () => {
    for (const op of ['sum', 'mean']) {
      it(op, () => {
        fc.assert(fc.property(reduceCase, ({ x, axes, keepDims }) => gradcheck(opFn(op, { axes, keepDims }), [x])), { numRuns: 40 });
      });
    }
    it('max (distinct values, so the arg-max is unique)', () => {
      fc.assert(
        fc.property(reduceCase, fc.integer(), ({ x, axes, keepDims }, seed) => gradcheck(opFn('max', { axes, keepDims }), [distinctTensor([...x.shape], seed)])),
        { numRuns: 40 },
      );
    });
  });

  describe('errors', () => {
    const isAttrError = (op: string, pattern: RegExp) => (e: unknown) =>
      e instanceof BackstepError && e.code === 'E_ATTR' && e.where.op === op && pattern.test(e.message);

    for (const op of ['sum', 'mean', 'max']) {
      it(`${op}: an axis outside the rank names the axis and the shape`, () => {
        assert.throws(() => run(op, m23(), { axes: [2] }), isAttrError(op, /axis 2 .*\[2,3\]/));
        assert.throws(() => run(op, m23(), { axes: [-3] }), isAttrError(op, /axis -3/));
        assert.throws(() => run(op, m23(), { axes: [0.5] }), isAttrError(op, /axis 0.5/));
      });
    }

    it('an axis listed twice (also as its negative twin)', () => {
      assert.throws(() => run('sum', m23(), { axes: [1, -1] }), isAttrError('sum', /listed twice/));
    });

    it('keepDims that is not a boolean', () => {
      assert.throws(() => run('mean', m23(), { keepDims: 1 }), isAttrError('mean', /keepDims/));
    });

    it('max over zero elements', () => {
      assert.throws(() => run('max', Tensor.zeros([2, 0]), { axes: [1] }), (e: unknown) => e instanceof BackstepError && e.code === 'E_SHAPE');
    });
  });
});
