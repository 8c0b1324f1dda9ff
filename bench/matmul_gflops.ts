import { matmulTiledInto } from '../engine/kernels/matmul_tiled';
import { wasmMatmulInto } from '../engine/kernels/wasm_matmul';
import { allocate, type DType, type TypedArray } from '../engine/tensor/dtype';
import { time, type TimingOptions } from './timing';

type Kernel = (a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number) => unknown;

export const MATMUL_KERNELS: [string, Kernel][] = [
  ['WebAssembly SIMD', wasmMatmulInto],
  ['JS register-tiled 4×4', matmulTiledInto],
];

/** GFLOP/s of one kernel on an n×n×n product (median time). */
export async function matmulGflops(kernel: Kernel, dtype: DType, n: number, opts: TimingOptions): Promise<number> {
  const a = allocate(dtype, n * n).map(() => Math.random() - 0.5);
  const b = allocate(dtype, n * n).map(() => Math.random() - 0.5);
  const out = allocate(dtype, n * n);
  const { median } = await time(() => void kernel(a, b, out, n, n, n), opts);
  return (2 * n * n * n) / (median * 1e6);
}
