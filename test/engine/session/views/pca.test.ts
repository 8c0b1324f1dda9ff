import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { jacobiEigen } from '../../../../engine/session/views/jacobi';
import { pca2, principalAxes } from '../../../../engine/session/views/pca';
import { mulberry } from '../../../support/gradcheck';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, j) => s + x * b[j], 0);

/** The covariance (÷ n − 1) of the rows, computed the plain way. */
function covariance(rows: number[][]): Float64Array {
  const n = rows.length;
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const c = new Float64Array(d * d);
  for (const r of rows) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a * d + b] += ((r[a] - mean[a]) * (r[b] - mean[b])) / Math.max(1, n - 1);
  return c;
}

/** n rows of d numbers whose variance falls off along the dimensions (a typical embedding cloud). */
function cloud(n: number, d: number, seed: number): number[][] {
  const rand = mulberry(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, (_, j) => (rand() - 0.5) * 3 * 0.8 ** j + 0.1 * j));
}

describe('principal axes of a matrix’s rows', () => {
  it('are eigenvectors of the covariance with its two largest eigenvalues (subspace iteration for d > 6)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 1e6 }), (n, d, seed) => {
        const rows = cloud(n, d, seed);
        const c = covariance(rows);
        const exact = jacobiEigen(c, d).values;
        const { axes, variances, total } = principalAxes(rows.flat(), n, d, 2);
        assert.equal(axes.length, Math.min(2, d));
        assert.ok(Math.abs(total - exact.reduce((s, x) => s + x, 0)) <= 1e-10 * Math.abs(total) + 1e-14);
        axes.forEach((a, k) => {
          assert.ok(Math.abs(variances[k] - exact[k]) <= 1e-8 * exact[0] + 1e-14, `λ${k + 1}: ${variances[k]} vs ${exact[k]}`);
          assert.ok(Math.abs(dot(a, a) - 1) < 1e-12);
          for (let i = 0; i < d; i++) assert.ok(Math.abs(dot(c.subarray(i * d, (i + 1) * d), a) - variances[k] * a[i]) <= 1e-7 * exact[0] + 1e-14, `C a = λ a, axis ${k + 1}`);
        });
        if (axes.length === 2) assert.ok(Math.abs(dot(axes[0], axes[1])) < 1e-8);
      }),
      { numRuns: 150 },
    );
  });

  it('a 500 × 128 matrix: the same, quickly enough for every stop', () => {
    const rows = cloud(500, 128, 7);
    const t0 = performance.now();
    const { axes, variances } = principalAxes(rows.flat(), 500, 128, 2);
    const ms = performance.now() - t0;
    const c = covariance(rows);
    for (let k = 0; k < 2; k++) for (let i = 0; i < 128; i++) assert.ok(Math.abs(dot(c.subarray(i * 128, (i + 1) * 128), axes[k]) - variances[k] * axes[k][i]) < 1e-8 * variances[0]);
    assert.ok(ms < 2000, `${ms} ms`);
  });

  it('two equal variances (a ring in a plane): two orthonormal axes spanning that plane, half the variance each', () => {
    const rows = Array.from({ length: 24 }, (_, i) => [Math.cos((i * Math.PI) / 12), Math.sin((i * Math.PI) / 12), 0.01 * ((i % 3) - 1), 0]);
    const { axes, variances, total } = principalAxes(rows.flat(), 24, 4, 2);
    assert.ok(Math.abs(variances[0] - variances[1]) < 1e-9 * total);
    for (const a of axes) assert.ok(Math.abs(a[2]) < 1e-6 && Math.abs(a[3]) < 1e-12 && Math.abs(Math.hypot(a[0], a[1]) - 1) < 1e-9);
    assert.ok(Math.abs(dot(axes[0], axes[1])) < 1e-12);
  });
});

describe('pca2: the 2-D picture', () => {
  it('points are the centred rows projected on the axes, and the shares are variance over total', () => {
    const rows = cloud(30, 8, 3);
    const { points, explained, axes } = pca2(rows.flat(), 30, 8);
    const { mean, variances, total } = principalAxes(rows.flat(), 30, 8, 2);
    rows.forEach((r, i) => {
      const x = r.map((v, j) => v - mean[j]);
      assert.ok(Math.abs(points[i][0] - dot(x, axes[0])) < 1e-12 && Math.abs(points[i][1] - dot(x, axes[1])) < 1e-12);
    });
    assert.ok(Math.abs(explained[0] - variances[0] / total) < 1e-12 && Math.abs(explained[1] - variances[1] / total) < 1e-12);
  });

  it('the sign rule on a constructed matrix: rows along u = (−3, 1, 1)/√11 give the axis −u (loadings summing to +1/√11), built from u or from −u', () => {
    const u = [-3, 1, 1].map((x) => x / Math.sqrt(11));
    const ts = [-2, -1, 0, 0.5, 1, 3];
    for (const s of [1, -1]) {
      const rows = ts.map((t, i) => u.map((x, j) => s * t * x + 1e-3 * Math.sin(i + 3 * j)));
      const { axes, points } = pca2(rows.flat(), ts.length, 3);
      assert.ok(dot(axes[0], u) < -0.9999, `axis ${Array.from(axes[0])}`);
      assert.ok(axes[0].reduce((a, b) => a + b, 0) > 0);
      const meanT = ts.reduce((a, b) => a + b, 0) / ts.length;
      ts.forEach((t, i) => assert.ok(Math.abs(points[i][0] + s * (t - meanT)) < 1e-2, `row ${i}`));
    }
  });

  it('with the axes of an earlier picture, the signs follow them (and the numbers are otherwise the same)', () => {
    const rows = cloud(20, 5, 11).flat();
    const plain = pca2(rows, 20, 5);
    const flipped = pca2(rows, 20, 5, [plain.axes[0].map((x) => -x), plain.axes[1]]);
    assert.deepEqual(Array.from(flipped.axes[0]), Array.from(plain.axes[0], (x) => -x));
    assert.deepEqual(Array.from(flipped.axes[1]), Array.from(plain.axes[1]));
    flipped.points.forEach((p, i) => assert.deepEqual(p, [-plain.points[i][0], plain.points[i][1]]));
    assert.deepEqual(flipped.explained, plain.explained);
  });

  it('one row, one column, or all rows equal: finite points and zero shares where there is no variance', () => {
    for (const [data, n, d] of [[[1, 2, 3], 1, 3], [[1, 2, 3, 4], 4, 1], [[5, 5, 5, 5, 5, 5], 3, 2]] as const) {
      const { points, explained } = pca2(data, n, d);
      assert.equal(points.length, n);
      assert.ok(points.flat().every(Number.isFinite) && explained.every(Number.isFinite));
    }
    assert.deepEqual(pca2([5, 5, 5, 5], 2, 2).explained, [0, 0]);
  });
});
