import type { TypedArray } from '../tensor/dtype';
import { matmulTiledInto } from './matmul_tiled';
import { wasmMatmulInto } from './wasm_matmul';

/**
 * Products with fewer multiply-adds than this stay in JavaScript: below it, copying the operands
 * into WebAssembly memory costs about as much as the SIMD kernel saves.
 */
export const WASM_MIN_MACS = 512;

/**
 * out (m×n) = op(A) · op(B), where op(A) is m×k and op(B) is k×n; `transA`/`transB` read A and B
 * transposed in place, so no transposed copy is made. `out` is overwritten.
 * Uses the WebAssembly SIMD kernel where the runtime has it, else the register-tiled JS kernel.
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
  if (m * k * n >= WASM_MIN_MACS && wasmMatmulInto(a, b, out, m, k, n, transA, transB)) return;
  matmulTiledInto(a, b, out, m, k, n, transA, transB);
}
