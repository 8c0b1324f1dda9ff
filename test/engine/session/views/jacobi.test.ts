import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { jacobiEigen } from '../../../../engine/session/views/jacobi';

/** A random symmetric p × p matrix (row-major) from p(p+1)/2 numbers. */
const symmetricArb = fc.integer({ min: 1, max: 9 }).chain((p) =>
  fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: (p * (p + 1)) / 2, maxLength: (p * (p + 1)) / 2 }).map((upper) => {
    const m = new Float64Array(p * p);
    let k = 0;
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) m[i * p + j] = m[j * p + i] = upper[k++];
    return { m, p };
  }),
);

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, j) => s + x * b[j], 0);

describe('jacobiEigen: eigenpairs of a small symmetric matrix', () => {
  it('A v = λ v for every pair, the vectors orthonormal, the values largest first', () => {
    fc.assert(
      fc.property(symmetricArb, ({ m, p }) => {
        const { values, vectors } = jacobiEigen(m, p);
        const scale = Math.max(1, ...Array.from(m, Math.abs));
        for (let k = 0; k < p; k++) {
          for (let i = 0; i < p; i++) {
            const av = dot(m.subarray(i * p, (i + 1) * p), vectors[k]);
            assert.ok(Math.abs(av - values[k] * vectors[k][i]) <= 1e-9 * scale * p, `pair ${k}, row ${i}`);
          }
          for (let l = 0; l < p; l++) assert.ok(Math.abs(dot(vectors[k], vectors[l]) - (k === l ? 1 : 0)) <= 1e-10);
          if (k > 0) assert.ok(values[k - 1] >= values[k]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the trace and does not modify its input', () => {
    const m = Float64Array.of(4, 1, 0, 1, 3, 2, 0, 2, 5);
    const copy = Float64Array.from(m);
    const { values } = jacobiEigen(m, 3);
    assert.deepEqual(m, copy);
    assert.ok(Math.abs(values.reduce((s, x) => s + x, 0) - 12) < 1e-12);
  });

  it('equal eigenvalues: still an orthonormal basis (the identity is diagonal already)', () => {
    const { values, vectors } = jacobiEigen(Float64Array.of(2, 0, 0, 2), 2);
    assert.deepEqual(Array.from(values), [2, 2]);
    assert.equal(Math.abs(dot(vectors[0], vectors[1])), 0);
  });
});
