import type { TypedArray } from '../tensor/dtype';

/**
 * Plain-JavaScript matmul, register-tiled: each 4×4 block of `out` is held in 16 local variables
 * for the whole k loop, so every element loaded from A or B is used four times before it leaves a
 * register. The fallback wherever WebAssembly SIMD is missing, and the kernel for products too small
 * to repay copying into WebAssembly memory.
 *
 * As in matmul.wat, the operands are first packed into zero-padded panels (B: all of it, 4 columns
 * per panel; A: 4 rows at a time), so the inner loop reads two arrays strictly in order whatever the
 * operands' layout, and always from a Float64Array (one element type keeps the loop monomorphic).
 * Sums are taken in double precision and rounded once on store.
 */
export function matmulTiledInto(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
): void {
  const panelsB = scratchB(Math.ceil(n / 4) * 4 * k);
  const panelA = scratchA(4 * k);
  // B(p, j) is b[p·n + j], or b[j·k + p] when stored transposed; A(i, p) likewise.
  for (let j = 0; j < n; j += 4) pack(b, transB ? k : 1, transB ? 1 : n, j, n, k, panelsB, j * k);
  for (let i = 0; i < m; i += 4) {
    pack(a, transA ? 1 : k, transA ? m : 1, i, m, k, panelA, 0);
    for (let j = 0; j < n; j += 4) tile4x4(panelA, panelsB, j * k, k, out, i, j, m, n);
  }
}

let bufferA = new Float64Array(64);
let bufferB = new Float64Array(256);

function scratchA(size: number): Float64Array {
  if (bufferA.length < size) bufferA = new Float64Array(size);
  return bufferA;
}

function scratchB(size: number): Float64Array {
  if (bufferB.length < size) bufferB = new Float64Array(size);
  return bufferB;
}

/**
 * Writes the panel of X(x0..x0+3, 0..ny−1), X(x, y) = src[x·sx + y·sy], into dst[at + 4y + (x − x0)],
 * zero where x ≥ nx.
 */
function pack(src: TypedArray, sx: number, sy: number, x0: number, nx: number, ny: number, dst: Float64Array, at: number): void {
  const w = Math.min(4, nx - x0);
  for (let y = 0; y < ny; y++) {
    const row = y * sy + x0 * sx;
    const d = at + 4 * y;
    for (let x = 0; x < w; x++) dst[d + x] = src[row + x * sx];
    for (let x = w; x < 4; x++) dst[d + x] = 0;
  }
}

/** out[i..i+3, j..j+3] = panel A (4×k, step-major) · panel of B starting at `at` (k×4). */
function tile4x4(pa: Float64Array, pb: Float64Array, at: number, k: number, out: TypedArray, i: number, j: number, m: number, n: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0, ia = 0, ib = at; p < k; p++, ia += 4, ib += 4) {
    const a0 = pa[ia], a1 = pa[ia + 1], a2 = pa[ia + 2], a3 = pa[ia + 3];
    const b0 = pb[ib], b1 = pb[ib + 1], b2 = pb[ib + 2], b3 = pb[ib + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (i + 4 <= m && j + 4 <= n) {
    let o = i * n + j;
    out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
    o += n;
    out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13;
    o += n;
    out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23;
    o += n;
    out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
    return;
  }
  // An edge tile: keep the rows and columns that exist.
  const c = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < 4 && i + r < m; r++) for (let s = 0; s < 4 && j + s < n; s++) out[(i + r) * n + j + s] = c[4 * r + s];
}
