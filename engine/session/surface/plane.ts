import { jacobiEigen } from '../views/jacobi';
import { dot, norm } from '../views/vectors';

/** A plane through `origin` spanned by two orthonormal directions. */
export interface Plane {
  readonly origin: Float64Array;
  readonly directions: readonly [Float64Array, Float64Array];
  /** The share of the trajectory's variance along each direction. */
  readonly explained: readonly [number, number];
}

/**
 * Li et al. (2018), "Visualizing the Loss Landscape of Neural Nets", §7: the plane through the final
 * parameters θ_n spanned by the two leading principal directions of the differences θ_i − θ_n along
 * the optimizer's path. With n points of p parameters (n ≪ p) the directions come from the n × n Gram
 * matrix of the centred differences C (rows θ_i − θ_n − mean): G = C Cᵀ = U Λ Uᵀ, and the principal
 * direction k is Cᵀ u_k / ‖Cᵀ u_k‖ — never the p × p covariance. Null when the path spans no plane
 * (fewer than 3 points, or all on one line).
 */
export function trajectoryPlane(points: readonly Float64Array[], origin: Float64Array): Plane | null {
  const n = points.length;
  const p = origin.length;
  if (n < 3) return null;
  const mean = new Float64Array(p);
  for (const t of points) for (let j = 0; j < p; j++) mean[j] += (t[j] - origin[j]) / n;
  const rows = points.map((t) => Float64Array.from(t, (v, j) => v - origin[j] - mean[j]));
  const gram = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) gram[a * n + b] = gram[b * n + a] = dot(rows[a], rows[b]);
  const { values, vectors } = jacobiEigen(gram, n);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  const first = direction(rows, vectors[0], p, []);
  const second = first ? direction(rows, vectors[1], p, [first]) : null;
  if (!first || !second || total <= 0) return null;
  return { origin, directions: [first, second], explained: [Math.max(0, values[0]) / total, Math.max(0, values[1]) / total] };
}

/** Cᵀ u, made orthogonal to `before` (Gram–Schmidt, against rounding) and unit; null when it vanishes. */
function direction(rows: readonly Float64Array[], u: Float64Array, p: number, before: readonly Float64Array[]): Float64Array | null {
  const d = new Float64Array(p);
  rows.forEach((r, i) => {
    for (let j = 0; j < p; j++) d[j] += u[i] * r[j];
  });
  for (const b of before) {
    const c = dot(d, b);
    for (let j = 0; j < p; j++) d[j] -= c * b[j];
  }
  const length = norm(d);
  if (!(length > 1e-12 * Math.max(1, ...rows.map(norm)))) return null;
  for (let j = 0; j < p; j++) d[j] /= length;
  return orient(d);
}

/** A direction and its negative are the same axis: the one whose entries sum ≥ 0, so redraws never mirror. */
function orient(d: Float64Array): Float64Array {
  let s = 0;
  for (const v of d) s += v;
  if (s < 0) for (let j = 0; j < d.length; j++) d[j] = -d[j];
  return d;
}

/** θ's coordinates in the plane: ((θ − origin)·d₁, (θ − origin)·d₂). */
export function project(plane: Plane, theta: ArrayLike<number>): [number, number] {
  const [d1, d2] = plane.directions;
  let a = 0;
  let b = 0;
  for (let j = 0; j < d1.length; j++) {
    const v = theta[j] - plane.origin[j];
    a += v * d1[j];
    b += v * d2[j];
  }
  return [a, b];
}

/** The point (a, b) of the plane as parameters: origin + a d₁ + b d₂, written into `out`. */
export function pointOf(plane: Plane, a: number, b: number, out: Float64Array): Float64Array {
  const [d1, d2] = plane.directions;
  for (let j = 0; j < out.length; j++) out[j] = plane.origin[j] + a * d1[j] + b * d2[j];
  return out;
}
