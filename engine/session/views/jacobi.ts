/** Eigenvalues (largest first) and unit eigenvectors (`vectors[k]` belongs to `values[k]`). */
export interface Eigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array[];
}

/**
 * All eigenpairs of a small symmetric p × p matrix (row-major; not modified) by cyclic Jacobi
 * rotations: each rotation zeroes one off-diagonal pair, A ← Jᵀ A J, and the rotations' product is
 * the eigenvector matrix. Exact to rounding and deterministic, which a power iteration is not when
 * two eigenvalues are close. Meant for the small matrices of a Rayleigh–Ritz step (p ≲ 10).
 */
export function jacobiEigen(matrix: ArrayLike<number>, p: number): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 60 && offDiagonal(a, p) > 1e-30 * (frobenius(a) + 1e-300); sweep++) {
    for (let i = 0; i < p - 1; i++) for (let j = i + 1; j < p; j++) rotate(a, v, p, i, j);
  }
  const order = Array.from({ length: p }, (_, k) => k).sort((x, y) => a[y * p + y] - a[x * p + x] || x - y);
  return {
    values: Float64Array.from(order, (k) => a[k * p + k]),
    vectors: order.map((k) => Float64Array.from({ length: p }, (_, r) => v[r * p + k])),
  };
}

/** One Jacobi rotation in the (i, j) plane, angle chosen so that a[i][j] becomes 0 (Golub & Van Loan 8.5.2). */
function rotate(a: Float64Array, v: Float64Array, p: number, i: number, j: number): void {
  const aij = a[i * p + j];
  if (aij === 0) return;
  const tau = (a[j * p + j] - a[i * p + i]) / (2 * aij);
  const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  for (let k = 0; k < p; k++) {
    const aki = a[k * p + i];
    const akj = a[k * p + j];
    a[k * p + i] = c * aki - s * akj;
    a[k * p + j] = s * aki + c * akj;
  }
  for (let k = 0; k < p; k++) {
    const aik = a[i * p + k];
    const ajk = a[j * p + k];
    a[i * p + k] = c * aik - s * ajk;
    a[j * p + k] = s * aik + c * ajk;
  }
  for (let k = 0; k < p; k++) {
    const vki = v[k * p + i];
    const vkj = v[k * p + j];
    v[k * p + i] = c * vki - s * vkj;
    v[k * p + j] = s * vki + c * vkj;
  }
}

function offDiagonal(a: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) if (i !== j) s += a[i * p + j] * a[i * p + j];
  return s;
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x * x;
  return s;
}
