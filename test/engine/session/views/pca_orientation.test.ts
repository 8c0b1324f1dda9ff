import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { orientBySum, orientLike } from '../../../../engine/session/views/pca_orientation';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, j) => s + x * b[j], 0);
const unit = (v: number[]): Float64Array => {
  const n = Math.hypot(...v);
  return Float64Array.from(v, (x) => x / n);
};
const neg = (a: Float64Array): Float64Array => a.map((x) => -x);
/** Two orthonormal vectors of length d from random numbers (Gram–Schmidt). */
const pairArb = (d: number): fc.Arbitrary<[Float64Array, Float64Array]> =>
  fc
    .tuple(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d, maxLength: d }))
    .filter(([a, b]) => Math.hypot(...a) > 0.1 && Math.hypot(...b) > 0.1 && Math.abs(dot(unit(a), unit(b))) < 0.95)
    .map(([a, b]) => {
      const u = unit(a);
      const t = dot(b, u);
      return [u, unit(b.map((x, j) => x - t * u[j]))] as [Float64Array, Float64Array];
    })
    .filter(([, v]) => v.every(Number.isFinite) && Math.abs(Math.hypot(...v) - 1) < 1e-9);

describe('orientBySum: the sign of an axis from the axis alone', () => {
  it('the loadings sum to a positive number, and a and −a get the same orientation', () => {
    fc.assert(
      fc.property(pairArb(6), ([a]) => {
        const o = orientBySum(a);
        assert.ok(o.reduce((s, x) => s + x, 0) > -1e-9, 'a sum within 1e-9 of 0 counts as 0');
        assert.deepEqual(Array.from(orientBySum(neg(a))), Array.from(o));
        assert.ok(Math.abs(Math.abs(dot(o, a)) - 1) < 1e-12);
      }),
    );
  });

  it('loadings that sum to 0: the largest-|loading| component is made positive', () => {
    assert.deepEqual(Array.from(orientBySum(Float64Array.of(0.2, -0.6, 0.4))), [-0.2, 0.6, -0.4]);
    assert.deepEqual(Array.from(orientBySum(Float64Array.of(-0.2, -0.4, 0.6))), [-0.2, -0.4, 0.6]);
  });
});

describe('orientLike: the signs of new axes from the picture shown before', () => {
  it('axes close to the earlier ones take their signs, whatever sign the solver gave them', () => {
    fc.assert(
      fc.property(pairArb(5), pairArb(5), fc.boolean(), fc.boolean(), ([r0, r1], [e0, e1], f0, f1) => {
        // New axes: the earlier ones turned a little (by up to ~17°), then signed at random.
        const turn = (r: Float64Array, e: Float64Array) => unit(Array.from(r, (x, j) => x + 0.3 * e[j]));
        const a0 = turn(r0, e0);
        const a1 = turn(r1, e1);
        const [o0, o1] = orientLike([f0 ? neg(a0) : a0, f1 ? neg(a1) : a1], [r0, r1]);
        assert.ok(dot(o0, r0) > 0 && dot(o1, r1) > 0);
        assert.ok(Math.abs(Math.abs(dot(o0, a0)) - 1) < 1e-12 && Math.abs(Math.abs(dot(o1, a1)) - 1) < 1e-12);
      }),
    );
  });

  it('two components that swap order turn the picture by 90°, never reflect it across its diagonal', () => {
    fc.assert(
      fc.property(pairArb(4), fc.boolean(), fc.boolean(), ([r0, r1], f0, f1) => {
        const [o0, o1] = orientLike([f0 ? neg(r1) : r1, f1 ? neg(r0) : r0], [r0, r1]);
        // Coordinates in the new frame from the old: (x', y') = M (x, y); a rotation has det M = +1.
        const det = dot(o0, r0) * dot(o1, r1) - dot(o0, r1) * dot(o1, r0);
        assert.ok(Math.abs(det - 1) < 1e-9, `det ${det}`);
        assert.ok(dot(o0, r1) > 0.999, 'the new first axis follows the earlier second one');
      }),
    );
  });

  it('an axis unlike any earlier one (a new direction) falls back to the sum rule', () => {
    const r0 = Float64Array.of(1, 0, 0, 0);
    const r1 = Float64Array.of(0, 1, 0, 0);
    const a0 = Float64Array.of(-1, 0, 0, 0);
    const a1 = unit([0, 0, -1, -0.5]);
    const [o0, o1] = orientLike([a0, a1], [r0, r1]);
    assert.deepEqual(Array.from(o0), [1, -0, -0, -0]);
    assert.deepEqual(Array.from(o1), Array.from(orientBySum(a1)));
  });

  it('a reference of another size (the model changed) is ignored', () => {
    const a = [Float64Array.of(-0.6, -0.8), Float64Array.of(0.8, -0.6)];
    assert.deepEqual(orientLike(a, [Float64Array.of(1, 0, 0)]).map((x) => Array.from(x)), a.map((x) => Array.from(orientBySum(x))));
  });
});
