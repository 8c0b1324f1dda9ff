import { strict as assert } from 'node:assert';
import { pointOf, project, trajectoryPlane } from '../../../../engine/session/surface/plane';
import { dot } from '../../../../engine/session/views/vectors';
import { Rng } from '../../../../engine/random';

const P = 60;

/** Two orthonormal vectors of R^P, drawn at random and made orthonormal here (Gram–Schmidt). */
function basis(rng: Rng): [Float64Array, Float64Array] {
  const u = Float64Array.from({ length: P }, () => rng.normal());
  const v = Float64Array.from({ length: P }, () => rng.normal());
  const nu = Math.sqrt(dot(u, u));
  u.forEach((x, j) => (u[j] = x / nu));
  const c = dot(u, v);
  v.forEach((x, j) => (v[j] = x - c * u[j]));
  const nv = Math.sqrt(dot(v, v));
  v.forEach((x, j) => (v[j] = x / nv));
  return [u, v];
}

describe('the plane of a parameter trajectory (Li et al. 2018)', () => {
  const rng = new Rng(11);
  const origin = Float64Array.from({ length: P }, () => rng.normal());
  const [u, v] = basis(rng);
  // A spiral into the origin, in the plane of u and v: 3 times wider along u than along v.
  const path = Array.from({ length: 40 }, (_, k) => {
    const r = 1 - k / 40;
    return Float64Array.from(origin, (o, j) => o + 3 * r * Math.cos(k / 3) * u[j] + r * Math.sin(k / 3) * v[j]);
  });

  it('has orthonormal directions through the last point', () => {
    const plane = trajectoryPlane(path, origin)!;
    const [d1, d2] = plane.directions;
    assert.ok(Math.abs(dot(d1, d1) - 1) < 1e-12 && Math.abs(dot(d2, d2) - 1) < 1e-12);
    assert.ok(Math.abs(dot(d1, d2)) < 1e-12);
    assert.deepEqual(project(plane, origin), [0, 0]);
  });

  it('finds the plane the path lies in, the wider direction first, and the path’s variance all in it', () => {
    const plane = trajectoryPlane(path, origin)!;
    const [d1, d2] = plane.directions;
    // u and v lie in span(d1, d2): their projections keep their length.
    for (const w of [u, v]) assert.ok(Math.abs(dot(w, d1) ** 2 + dot(w, d2) ** 2 - 1) < 1e-10);
    assert.ok(Math.abs(dot(u, d1)) > Math.abs(dot(v, d1)), 'the first direction is mostly u');
    assert.ok(plane.explained[0] > plane.explained[1]);
    assert.ok(Math.abs(plane.explained[0] + plane.explained[1] - 1) < 1e-10);
    // Each point of the path is where its coordinates say.
    const back = new Float64Array(P);
    for (const t of path) {
      const [a, b] = project(plane, t);
      pointOf(plane, a, b, back);
      back.forEach((x, j) => assert.ok(Math.abs(x - t[j]) < 1e-10));
    }
  });

  it('has no plane for fewer than 3 points, or a path on one line', () => {
    assert.equal(trajectoryPlane(path.slice(0, 2), origin), null);
    const line = Array.from({ length: 10 }, (_, k) => Float64Array.from(origin, (o, j) => o + k * u[j]));
    assert.equal(trajectoryPlane(line, origin), null);
  });
});
