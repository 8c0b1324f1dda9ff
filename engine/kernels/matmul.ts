import type { TypedArray } from '../tensor/dtype';

/**
 * out (m×n) = op(A) · op(B), where op(A) is m×k and op(B) is k×n; `transA`/`transB` read A and B
 * transposed in place, so no transposed copy is made. `out` is overwritten.
 */
export function matmulInto(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
): void {
  out.fill(0);
  // i-p-j order: the inner loop runs along contiguous rows of B and out.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  if (!transB) {
    for (let i = 0; i < m; i++) {
      const oi = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[i * aRow + p * aCol];
        if (av === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) out[oi + j] += av * b[bp + j];
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const bj = j * k;
      for (let p = 0; p < k; p++) s += a[i * aRow + p * aCol] * b[bj + p];
      out[i * n + j] = s;
    }
  }
}
