import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackstepError } from '../../../engine/errors';
import { arithmetic, broadcastBinary, mapUnary, sumToShape, zipSame, type ArithmeticKind } from '../../../engine/kernels/elementwise';
import { allocate, type DType } from '../../../engine/tensor/dtype';
import { broadcastShapes, sizeOf, stridesOf, type Shape } from '../../../engine/tensor/shape';
import { Tensor } from '../../../engine/tensor/tensor';
import { mulberry } from '../../support/gradcheck';

const OPS: Record<ArithmeticKind, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

function random(shape: Shape, dtype: DType, seed: number): Tensor {
  const rand = mulberry(seed);
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rand() * 4 - 2;
  return new Tensor(data, shape);
}

/** Element `flat` of `shape` read from `t` under broadcasting: the specification, index by index. */
function broadcastRead(t: Tensor, shape: Shape, flat: number): number {
  const idx = stridesOf(shape).map((s, k) => Math.floor(flat / s) % shape[k]);
  const own = stridesOf(t.shape);
  const off = shape.length - t.rank;
  let at = 0;
  for (let k = 0; k < t.rank; k++) at += (t.shape[k] === 1 ? 0 : idx[k + off]) * own[k];
  return t.data[at];
}

/** Two broadcast-compatible shapes: equal, a trailing row, a scalar, or dims set to 1 on either side. */
const shapePair = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 4 }), fc.nat())
  .map(([big, kind, seed]) => {
    const rand = mulberry(seed);
    const ones = (s: number[]) => s.map((d) => (rand() < 0.5 ? 1 : d));
    const pairs: [number[], number[]][] = [
      [big, big],
      [big, big.slice(rand() < 0.5 ? big.length - 1 : 0)],
      [big, rand() < 0.5 ? [] : [1]],
      [ones(big), ones(big)],
      [big.slice(1).length ? big.slice(1) : [1], big],
    ];
    return pairs[kind];
  });

describe('elementwise kernels', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const kind of Object.keys(OPS) as ArithmeticKind[]) {
      it(`arithmetic(${kind}) reads every element as broadcasting says (${dtype})`, () => {
        fc.assert(
          fc.property(shapePair, fc.nat(), ([sa, sb], seed) => {
            const a = random(sa, dtype, seed);
            const b = random(sb, dtype, seed + 1);
            const y = arithmetic(a, b, kind);
            const shape = broadcastShapes(sa, sb);
            assert.deepEqual(y.shape, shape);
            assert.equal(y.dtype, dtype);
            const expected = allocate(dtype, sizeOf(shape));
            for (let i = 0; i < expected.length; i++) expected[i] = OPS[kind](broadcastRead(a, shape, i), broadcastRead(b, shape, i));
            assert.deepEqual(Array.from(y.data), Array.from(expected));
            assert.deepEqual(Array.from(broadcastBinary(a, b, OPS[kind], kind).data), Array.from(expected));
          }),
          { numRuns: 60 },
        );
      });
    }

    it(`sumToShape adds every broadcast copy back into its source element (${dtype})`, () => {
      fc.assert(
        fc.property(shapePair, fc.nat(), ([sa, sb], seed) => {
          const shape = broadcastShapes(sa, sb);
          const g = random(shape, dtype, seed);
          for (const target of [sa, sb]) {
            const got = sumToShape(g, target);
            assert.deepEqual(got.shape, [...target]);
            const expected = new Float64Array(sizeOf(target));
            const index = Tensor.of(Array.from(expected, (_, i) => i), target);
            for (let i = 0; i < g.size; i++) expected[broadcastRead(index, shape, i)] += g.data[i];
            got.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-5 * (1 + Math.abs(expected[i])), `element ${i}: ${v} vs ${expected[i]}`));
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it('names the op and both shapes when shapes cannot broadcast', () => {
    const a = Tensor.zeros([2, 3]);
    const b = Tensor.zeros([4]);
    for (const kind of Object.keys(OPS) as ArithmeticKind[]) {
      assert.throws(
        () => arithmetic(a, b, kind),
        (e: unknown) => e instanceof BackstepError && e.where.op === kind && /\[2,3\] and \[4\]/.test(e.message),
      );
    }
  });

  it('mapUnary and zipSame keep shape and dtype and apply the function to every element', () => {
    const x = Tensor.of([1, -2, 3, -4, 5, -6], [2, 3], 'float32');
    const y = Tensor.of([6, 5, 4, 3, 2, 1], [2, 3], 'float32');
    const m = mapUnary(x, (v) => v * v);
    assert.deepEqual([m.shape, m.dtype, Array.from(m.data)], [[2, 3], 'float32', [1, 4, 9, 16, 25, 36]]);
    const z = zipSame(x, y, (u, v) => u - v);
    assert.deepEqual([z.shape, z.dtype, Array.from(z.data)], [[2, 3], 'float32', [-5, -7, -1, -7, 3, -7]]);
  });

  it('never writes into its inputs', () => {
    const a = Tensor.of([1, 2, 3, 4], [2, 2]);
    const b = Tensor.of([10, 20], [2]);
    arithmetic(a, b, 'add');
    arithmetic(a, a, 'mul');
    broadcastBinary(a, b, (u, v) => u - v, 'sub');
    assert.deepEqual([Array.from(a.data), Array.from(b.data)], [[1, 2, 3, 4], [10, 20]]);
  });
});
