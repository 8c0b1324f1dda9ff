import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { BackwardPass } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { BackstepError, type ErrorCode } from '../../../engine/errors';
import type { Attrs } from '../../../engine/ops/registry';
import { Tensor } from '../../../engine/tensor/tensor';
import { runCase } from '../../../tools/reference/run';
import { gradcheck, opFn, shapeArb, tensorArb } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';

const iota = (shape: number[]) => Tensor.of(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape);

function run(op: string, inputs: Tensor[], attrs: Attrs = {}): Tensor {
  return new Tape().apply(op, inputs, attrs);
}

function fails(op: string, code: ErrorCode, pattern: RegExp) {
  return (e: unknown) => e instanceof BackstepError && e.code === code && e.where.op === op && pattern.test(e.message);
}

/** dL/d(inputs[0]) for L = ⟨y, seed⟩ (the other inputs are constants). */
function gradOf(op: string, inputs: Tensor[], attrs: Attrs, seed: number[]): number[] {
  const x = inputs[0].clone('x');
  x.requiresGrad = true;
  const tape = new Tape();
  const y = tape.apply(op, [x, ...inputs.slice(1)], attrs);
  new BackwardPass(tape, [y], [Tensor.of(seed, y.shape)]).run();
  return Array.from(x.grad?.data ?? []);
}

/** A random shape of rank 1–3 and a valid axis in it (negative half the time). */
const shapeAndAxis = fc
  .integer({ min: 1, max: 3 })
  .chain((rank) => fc.tuple(shapeArb(rank, 3), fc.integer({ min: 0, max: rank - 1 }), fc.boolean()))
  .map(([shape, axis, negative]) => ({ shape, axis: negative ? axis - shape.length : axis }));

describe('shape ops', () => {
  describe('reshape', () => {
    it('keeps the row-major order and infers one −1', () => {
      const y = run('reshape', [iota([2, 3])], { shape: [3, -1] });
      assert.deepEqual(y.toNested(), [[0, 1], [2, 3], [4, 5]]);
      assert.deepEqual(run('reshape', [iota([2, 3])], { shape: [-1] }).shape, [6]);
      assert.deepEqual(run('reshape', [iota([1])], { shape: [] }).shape, []);
    });

    it('gives the output its own buffer', () => {
      const x = iota([4]);
      const y = run('reshape', [x], { shape: [2, 2] });
      x.data[0] = 99;
      assert.equal(y.data[0], 0);
    });

    it('says why a shape does not fit', () => {
      assert.throws(() => run('reshape', [iota([2, 3])], { shape: [4, 2] }), fails('reshape', 'E_SHAPE', /\[2,3\].*6 values.*\[4,2\]/));
      assert.throws(() => run('reshape', [iota([2, 3])], { shape: [4, -1] }), fails('reshape', 'E_SHAPE', /not a multiple of 4/));
      assert.throws(() => run('reshape', [iota([2, 3])], { shape: [-1, -1] }), fails('reshape', 'E_ATTR', /more than one −1/));
      assert.throws(() => run('reshape', [iota([2, 3])], { shape: [2, 1.5, 2] }), fails('reshape', 'E_ATTR', /shape/));
    });

    it('gradient: finite differences', () => {
      fc.assert(
        fc.property(shapeArb(3, 3).chain((s) => tensorArb(s)), (x) => gradcheck(opFn('reshape', { shape: [-1, x.shape[0]] }), [x])),
        { numRuns: 20 },
      );
    });
  });

  describe('concat', () => {
    it('joins along an axis', () => {
      const a = Tensor.fromNested([[1, 2], [3, 4]]);
      const b = Tensor.fromNested([[5], [6]]);
      assert.deepEqual(run('concat', [a, b], { axis: 1 }).toNested(), [[1, 2, 5], [3, 4, 6]]);
      assert.deepEqual(run('concat', [a, Tensor.fromNested([[7, 8]])], { axis: 0 }).toNested(), [[1, 2], [3, 4], [7, 8]]);
      assert.deepEqual(run('concat', [a, b, a], { axis: -1 }).toNested(), [[1, 2, 5, 1, 2], [3, 4, 6, 3, 4]]);
      assert.deepEqual(run('concat', [a]).toNested(), a.toNested());
    });

    it('sends each input the block of the gradient where it sits', () => {
      const a = Tensor.fromNested([[1, 2], [3, 4]]);
      const b = Tensor.fromNested([[5], [6]]);
      const tape = new Tape();
      for (const t of [a, b]) t.requiresGrad = true;
      const y = tape.apply('concat', [a, b], { axis: 1 });
      new BackwardPass(tape, [y], [Tensor.fromNested([[10, 20, 30], [40, 50, 60]])]).run();
      assert.deepEqual(a.grad?.toNested(), [[10, 20], [40, 50]]);
      assert.deepEqual(b.grad?.toNested(), [[30], [60]]);
    });

    it('names the input whose shape does not fit, and a bad axis', () => {
      assert.throws(() => run('concat', [iota([2, 3]), iota([3, 3])], { axis: 1 }), fails('concat', 'E_SHAPE', /input 1 has shape \[3,3\].*\[2,3\]/));
      assert.throws(() => run('concat', [iota([2, 3]), iota([2, 3, 1])], { axis: 0 }), fails('concat', 'E_SHAPE', /\[2,3,1\]/));
      assert.throws(() => run('concat', [iota([2, 3]), iota([2, 3])], { axis: 2 }), fails('concat', 'E_ATTR', /axis 2.*rank 2/));
    });

    it('gradient: finite differences with 1–3 inputs of random widths', () => {
      const parts = shapeAndAxis.chain(({ shape, axis }) =>
        fc
          .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
          .chain((widths) => fc.tuple(...widths.map((w) => tensorArb(shape.map((d, i) => (i === (axis + shape.length) % shape.length ? w : d))))))
          .map((xs) => ({ xs, axis })),
      );
      fc.assert(fc.property(parts, ({ xs, axis }) => gradcheck(opFn('concat', { axis }), xs)), { numRuns: 30 });
    });
  });

  describe('stack', () => {
    it('adds a new axis that indexes the inputs', () => {
      const a = Tensor.fromNested([1, 2, 3]);
      const b = Tensor.fromNested([4, 5, 6]);
      assert.deepEqual(run('stack', [a, b], { axis: 0 }).toNested(), [[1, 2, 3], [4, 5, 6]]);
      assert.deepEqual(run('stack', [a, b], { axis: 1 }).toNested(), [[1, 4], [2, 5], [3, 6]]);
      assert.deepEqual(run('stack', [a, b], { axis: -1 }).toNested(), [[1, 4], [2, 5], [3, 6]]);
      assert.deepEqual(run('stack', [Tensor.scalar(1), Tensor.scalar(2)]).toNested(), [1, 2]);
    });

    it('rejects unequal shapes and an axis beyond rank + 1', () => {
      assert.throws(() => run('stack', [iota([3]), iota([4])]), fails('stack', 'E_SHAPE', /input 1 of shape \[4\].*\[3\]/));
      assert.throws(() => run('stack', [iota([3]), iota([3])], { axis: 2 }), fails('stack', 'E_ATTR', /axis 2/));
    });

    it('gradient: finite differences', () => {
      const parts = fc
        .integer({ min: 0, max: 2 })
        .chain((rank) => fc.tuple(shapeArb(rank, 3), fc.integer({ min: 1, max: 3 }), fc.integer({ min: -rank - 1, max: rank })))
        .chain(([shape, n, axis]) => fc.tuple(fc.array(tensorArb(shape), { minLength: n, maxLength: n }), fc.constant(axis)));
      fc.assert(fc.property(parts, ([xs, axis]) => gradcheck(opFn('stack', { axis }), xs)), { numRuns: 30 });
    });
  });

  describe('slice', () => {
    it('takes [start, end) along an axis, negatives counted from the end', () => {
      const x = iota([3, 4]);
      assert.deepEqual(run('slice', [x], { axis: 1, start: 1, end: 3 }).toNested(), [[1, 2], [5, 6], [9, 10]]);
      assert.deepEqual(run('slice', [x], { axis: 0, start: -1 }).toNested(), [[8, 9, 10, 11]]);
      assert.deepEqual(run('slice', [x], { axis: -1, start: 0, end: -3 }).toNested(), [[0], [4], [8]]);
    });

    it('puts the gradient inside the slice and zeros elsewhere', () => {
      assert.deepEqual(gradOf('slice', [iota([2, 3])], { axis: 1, start: 1, end: 2 }, [7, 8]), [0, 7, 0, 0, 8, 0]);
    });

    it('rejects a range outside the axis or an empty one, naming the size', () => {
      assert.throws(() => run('slice', [iota([3, 4])], { axis: 1, start: 2, end: 5 }), fails('slice', 'E_INDEX', /\[2:5\).*size 4/));
      assert.throws(() => run('slice', [iota([3, 4])], { axis: 0, start: -4 }), fails('slice', 'E_INDEX', /size 3/));
      assert.throws(() => run('slice', [iota([3, 4])], { axis: 0, start: 2, end: 2 }), fails('slice', 'E_INDEX', /empty/));
      assert.throws(() => run('slice', [iota([3, 4])], { axis: 2, start: 0, end: 1 }), fails('slice', 'E_ATTR', /axis 2/));
    });

    it('gradient: finite differences on random ranges', () => {
      const cases = shapeAndAxis.chain(({ shape, axis }) => {
        const n = shape[(axis + shape.length) % shape.length];
        return fc
          .tuple(tensorArb(shape), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }))
          .filter(([, s, len]) => s + len <= n)
          .map(([x, start, len]) => ({ x, attrs: { axis, start, end: start + len } }));
      });
      fc.assert(fc.property(cases, ({ x, attrs }) => gradcheck(opFn('slice', attrs), [x])), { numRuns: 30 });
    });
  });

  describe('gather', () => {
    it('looks up rows of a table (an embedding lookup)', () => {
      const table = Tensor.fromNested([[0, 1], [10, 11], [20, 21]]);
      assert.deepEqual(run('gather', [table, Tensor.of([2, 0, 2], [3])]).toNested(), [[20, 21], [0, 1], [20, 21]]);
    });

    it('output shape is x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]', () => {
      const x = iota([2, 3, 4]);
      assert.deepEqual(run('gather', [x, Tensor.of([0, 1, 1, 0], [2, 2])]).shape, [2, 2, 3, 4]);
      const y = run('gather', [x, Tensor.of([2, 0], [2])], { axis: 1 });
      assert.deepEqual(y.shape, [2, 2, 4]);
      assert.deepEqual(y.toNested(), [[[8, 9, 10, 11], [0, 1, 2, 3]], [[20, 21, 22, 23], [12, 13, 14, 15]]]);
      assert.deepEqual(run('gather', [x, Tensor.scalar(3)], { axis: -1 }).toNested(), [[3, 7, 11], [15, 19, 23]]);
    });

    it('adds the gradients of repeated indices; rows never picked get 0', () => {
      const table = iota([4, 2]);
      assert.deepEqual(gradOf('gather', [table, Tensor.of([1, 3, 1], [3])], {}, [1, 2, 3, 4, 5, 6]), [0, 0, 6, 8, 0, 0, 3, 4]);
    });

    it('passes no gradient to the indices', () => {
      const x = iota([3]);
      x.requiresGrad = true;
      const tape = new Tape();
      tape.apply('gather', [x, Tensor.of([1], [1])]);
      new BackwardPass(tape, [tape.nodes[0].outputs[0]]).run();
      assert.deepEqual(tape.nodes[0].inputGrads?.[1], null);
    });

    it('names an out-of-range or fractional index and the axis size', () => {
      const table = iota([3, 2]);
      assert.throws(() => run('gather', [table, Tensor.of([0, 3], [2])]), fails('gather', 'E_INDEX', /index 3 .*size 3/));
      assert.throws(() => run('gather', [table, Tensor.of([-1], [1])]), fails('gather', 'E_INDEX', /index -1 .*size 3/));
      assert.throws(() => run('gather', [table, Tensor.of([1.5], [1])]), fails('gather', 'E_INDEX', /index 1.5 .*not an integer/));
      assert.throws(() => run('gather', [table, Tensor.of([0], [1])], { axis: 2 }), fails('gather', 'E_ATTR', /axis 2/));
    });

    it('gradient: finite differences with random indices', () => {
      const cases = shapeAndAxis.chain(({ shape, axis }) => {
        const n = shape[(axis + shape.length) % shape.length];
        return fc.tuple(
          tensorArb(shape),
          shapeArb(2, 3).chain((s) => fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: s[0] * s[1], maxLength: s[0] * s[1] }).map((v) => Tensor.of(v, s))),
          fc.constant(axis),
        );
      });
      fc.assert(fc.property(cases, ([x, idx, axis]) => gradcheck(opFn('gather', { axis }), [x, idx], { constant: [1] })), { numRuns: 30 });
    });

    for (const c of referenceCases('embedding')) {
      it(`reference embedding › ${c.name}`, () => {
        const { mismatches } = runCase('embedding.json', 'embedding', 'grad', c);
        assert.deepEqual(mismatches.map((m) => `${m.key}: ${m.message}`), []);
      });
    }
  });

  describe('permute', () => {
    it('moves axis perm[k] of x to axis k of y', () => {
      const x = iota([2, 3, 4]);
      const y = run('permute', [x], { perm: [2, 0, 1] });
      assert.deepEqual(y.shape, [4, 2, 3]);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) assert.equal(y.get(k, i, j), x.get(i, j, k));
      assert.deepEqual(run('permute', [iota([2, 3])], { perm: [1, 0] }).toNested(), [[0, 3], [1, 4], [2, 5]]);
    });

    it('rejects a list that is not a permutation of the axes', () => {
      for (const perm of [[0, 0, 1], [0, 1], [0, 1, 3]]) {
        assert.throws(() => run('permute', [iota([2, 3, 4])], { perm }), fails('permute', 'E_ATTR', /not a permutation/));
      }
    });

    it('gradient: finite differences on random permutations', () => {
      const cases = fc
        .integer({ min: 0, max: 4 })
        .chain((rank) => fc.tuple(shapeArb(rank, 3).chain((s) => tensorArb(s)), fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank })));
      fc.assert(fc.property(cases, ([x, perm]) => gradcheck(opFn('permute', { perm }), [x])), { numRuns: 30 });
    });
  });
});
