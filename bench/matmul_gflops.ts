import { matmulInto } from '../engine/kernels/matmul';
import { matmulTiledInto } from '../engine/kernels/matmul_tiled';
import { wasmMatmulInto } from '../engine/kernels/wasm_matmul';
import { allocate, type DType, type TypedArray } from '../engine/tensor/dtype';
import { time, type TimingOptions } from './timing';

type Kernel = (a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean) => unknown;

export const MATMUL_KERNELS: [string, Kernel][] = [
  ['WebAssembly SIMD', wasmMatmulInto],
  ['JS register-tiled 4×4', matmulTiledInto],
];

/** The products the three models run most, as the `matmul` op calls them (y = x Wᵀ, then both gradients). */
export const MODEL_PRODUCTS: [string, number, number, number, boolean, boolean][] = [
  ['MLP  x·W1ᵀ', 64, 784, 256, false, true],
  ['MLP  gᵀ·x (dW1)', 256, 64, 784, true, false],
  ['LSTM hx·W_gᵀ', 16, 192, 128, false, true],
  ['LSTM g·W_g (d hx)', 16, 128, 192, false, false],
  ['MHA  x·W_qᵀ', 64, 128, 128, false, true],
  ['MHA  q·kᵀ per head', 64, 32, 64, false, true],
];

/** GFLOP/s of one kernel on an m×k×n product (median time). */
export async function matmulGflops(kernel: Kernel, dtype: DType, [m, k, n]: number[], opts: TimingOptions, transA = false, transB = false): Promise<number> {
  const a = allocate(dtype, m * k).map(() => Math.random() - 0.5);
  const b = allocate(dtype, k * n).map(() => Math.random() - 0.5);
  const out = allocate(dtype, m * n);
  const { median } = await time(() => void kernel(a, b, out, m, k, n, transA, transB), opts);
  return (2 * m * k * n) / (median * 1e6);
}

export const dispatchKernel: Kernel = matmulInto;
