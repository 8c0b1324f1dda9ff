import { jacobiEigen } from './jacobi';
import { orientBySum, orientLike } from './pca_orientation';
import { dot, norm } from './vectors';

/** The leading principal axes of the rows of an (n, d) matrix. */
export interface PrincipalAxes {
  /** Column means, subtracted before projecting. */
  readonly mean: Float64Array;
  /** Unit axes (length d each), largest variance first. */
  readonly axes: Float64Array[];
  /** The variance along each axis. */
  readonly variances: number[];
  /** The total variance (trace of the covariance). */
  readonly total: number;
}

/** Block size of the subspace iteration: 2 wanted axes and a margin that speeds convergence. */
const BLOCK = 6;
const MAX_ITERATIONS = 500;
/** An axis is converged when ‖C y − λ y‖ ≤ TOLERANCE · λ₁. */
const TOLERANCE = 1e-10;

/** A 2-D projection: each row's coordinates, the variance share of each axis and the oriented axes. */
export interface Projection {
  readonly points: [number, number][];
  readonly explained: [number, number];
  readonly axes: Float64Array[];
}

/**
 * The first two principal components of the rows of an (n, d) matrix: each row's coordinates and
 * the share of the total variance each component explains. An axis and its negative are the same
 * component; the sign is chosen by `orientLike` when `reference` (the axes of the picture shown
 * before) is given, so that a redrawn picture turns smoothly and never mirrors itself, and by
 * `orientBySum` otherwise. When the two leading variances cross, the components exchange their
 * places (x shows what y showed): that is the data's own PCA, and `orientLike` makes it a 90° turn.
 */
export function pca2(data: ArrayLike<number>, n: number, d: number, reference?: readonly Float64Array[]): Projection {
  const { mean, axes: raw, variances, total } = principalAxes(data, n, d, 2);
  const axes = reference ? orientLike(raw, reference) : raw.map(orientBySum);
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) points.push([projection(data, i, mean, axes[0]), axes[1] ? projection(data, i, mean, axes[1]) : 0]);
  const share = (v: number | undefined): number => (total > 0 && v !== undefined ? Math.max(0, v) / total : 0);
  return { points, explained: [share(variances[0]), share(variances[1])], axes };
}

function projection(data: ArrayLike<number>, i: number, mean: Float64Array, axis: Float64Array): number {
  let p = 0;
  for (let j = 0; j < mean.length; j++) p += (data[i * mean.length + j] - mean[j]) * axis[j];
  return p;
}

/**
 * The k leading eigenpairs of the rows' covariance (÷ n − 1) by subspace iteration with a
 * Rayleigh–Ritz step on a block of min(d, 6) vectors: the block converges to the dominant subspace
 * at the rate λ₇/λ₂ per iteration, and the Ritz step then gives exact axes inside it, even when
 * λ₁ ≈ λ₂ (where a power iteration converges slowly, to a mix of the two that depends on its start). The start block is
 * fixed, so the result is deterministic. Axes come unoriented (see pca_orientation.ts).
 */
export function principalAxes(data: ArrayLike<number>, n: number, d: number, k: number): PrincipalAxes {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  const cov = covariance(data, n, d, mean);
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a];
  const p = Math.min(d, Math.max(k, BLOCK));
  let q = orthonormalize(startBlock(d, p), startBlock(d, p));
  for (let it = 0; ; it++) {
    const cq = q.map((col) => times(cov, col, d));
    const h = new Float64Array(p * p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) h[r * p + c] = (dot(q[r], cq[c]) + dot(q[c], cq[r])) / 2;
    const { values, vectors } = jacobiEigen(h, p);
    const y = vectors.map((w) => combine(q, w, d));
    const cy = vectors.map((w) => combine(cq, w, d));
    const converged = Array.from({ length: Math.min(k, p) }, (_, m) => residual(cy[m], y[m], values[m]) <= TOLERANCE * Math.max(Math.abs(values[0]), 1e-300));
    if (p === d || converged.every(Boolean) || it >= MAX_ITERATIONS) {
      return { mean, axes: y.slice(0, k), variances: Array.from(values.slice(0, k)), total };
    }
    q = orthonormalize(cy, y);
  }
}

function covariance(data: ArrayLike<number>, n: number, d: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += x[a] * x[b];
  }
  const div = Math.max(1, n - 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= div;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  return cov;
}

/** A fixed, generic start block (no column is special, none orthogonal to a typical axis). */
function startBlock(d: number, p: number): Float64Array[] {
  return Array.from({ length: p }, (_, c) => Float64Array.from({ length: d }, (_, j) => Math.sin(1 + 0.7 * j + 1.3 * c + 0.11 * j * c)));
}

/**
 * Modified Gram–Schmidt on `cols`, in order; a column that falls into the span of the previous
 * ones (a covariance of rank below the block) is replaced by the matching `fallback` column.
 */
function orthonormalize(cols: Float64Array[], fallback: Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (let c = 0; c < cols.length; c++) {
    let v = orthogonalTo(cols[c], out);
    if (norm(v) <= 1e-10 * norm(cols[c]) || norm(v) === 0) v = orthogonalTo(fallback[c], out);
    const length = norm(v);
    out.push(length > 0 ? v.map((x) => x / length) : v);
  }
  return out;
}

function orthogonalTo(col: Float64Array, basis: readonly Float64Array[]): Float64Array {
  const v = Float64Array.from(col);
  for (const b of basis) {
    const t = dot(v, b);
    for (let j = 0; j < v.length; j++) v[j] -= t * b[j];
  }
  return v;
}

function times(m: Float64Array, v: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let b = 0; b < d; b++) s += m[a * d + b] * v[b];
    out[a] = s;
  }
  return out;
}

function combine(cols: readonly Float64Array[], w: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  cols.forEach((col, c) => {
    for (let j = 0; j < d; j++) out[j] += w[c] * col[j];
  });
  return out;
}

function residual(cy: Float64Array, y: Float64Array, value: number): number {
  let s = 0;
  for (let j = 0; j < y.length; j++) s += (cy[j] - value * y[j]) ** 2;
  return Math.sqrt(s);
}
