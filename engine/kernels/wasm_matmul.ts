import type { TypedArray } from '../tensor/dtype';
import { MATMUL_WASM_BYTES } from './matmul_wasm_bytes';

/**
 * The WebAssembly SIMD matmul (engine/kernels/matmul.wat): f32x4 with 4×8 register tiles for
 * float32, f64x2 with 4×4 tiles for float64. Operands are copied into the module's memory, the
 * product is computed over whole tiles and the m×n result is copied back, so callers see plain typed
 * arrays and nothing of the module. Where WebAssembly or its SIMD extension is missing,
 * `wasmMatmulInto` returns false and the caller uses the JavaScript kernel.
 */

/** The part of the WebAssembly API used here (the engine's type libraries have no DOM). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** C = A·B over whole tiles from packed panels; see the header of matmul.wat. */
type Gemm = (ap: number, bp: number, c: number, ldc: number, mPad: number, k: number, nPad: number) => void;
/** Packs a strided matrix into zero-padded panels of w; see matmul.wat. */
type Pack = (src: number, sx: number, sy: number, nx: number, ny: number, w: number, dst: number) => void;

export interface MatmulModule {
  memory: WasmMemory;
  sgemm: Gemm;
  dgemm: Gemm;
  pack32: Pack;
  pack64: Pack;
}

const PAGE_BYTES = 65536;
/**
 * The module's memory only grows, so products needing more than this go to the JS kernel: the
 * engine's memory stays bounded whatever sizes a model uses.
 */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;

let module: MatmulModule | null | undefined;
let f32: Float32Array | null = null;
let f64: Float64Array | null = null;

/** Compiles the module on first use; null when this runtime cannot run it. */
function load(): MatmulModule | null {
  if (module === undefined) module = instantiateMatmulModule((globalThis as { WebAssembly?: WasmApi }).WebAssembly);
  return module;
}

/** The module's exports, or null where `api` is missing or lacks SIMD (validate() is false there). */
export function instantiateMatmulModule(api: WasmApi | undefined): MatmulModule | null {
  try {
    if (!api || !api.validate(MATMUL_WASM_BYTES)) return null;
    return new api.Instance(new api.Module(MATMUL_WASM_BYTES), {}).exports as MatmulModule;
  } catch {
    return null;
  }
}

export function wasmMatmulAvailable(): boolean {
  return load() !== null;
}

/** Float32 and float64 views of the module's memory, grown to at least `bytes`; null past the limit. */
function views(mod: MatmulModule, bytes: number): [Float32Array, Float64Array] | null {
  const have = mod.memory.buffer.byteLength;
  if (bytes > MAX_MEMORY_BYTES) return null;
  if (bytes > have) {
    try {
      mod.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      return null; // the runtime refused the memory: the JS kernel needs none
    }
  }
  if (f32 === null || f32.buffer !== mod.memory.buffer) {
    f32 = new Float32Array(mod.memory.buffer);
    f64 = new Float64Array(mod.memory.buffer);
  }
  return [f32, f64 as Float64Array];
}

const roundUp = (x: number, q: number): number => Math.ceil(x / q) * q;

/**
 * out (m×n) = op(A)·op(B) with the SIMD kernel; same contract as `matmulInto`. Returns false (and
 * leaves `out` alone) when WebAssembly SIMD is unavailable or the product needs more memory than
 * the module may hold.
 */
export function wasmMatmulInto(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA = false,
  transB = false,
): boolean {
  const mod = load();
  if (mod === null) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    out.fill(0);
    return true;
  }
  const double = out instanceof Float64Array;
  const at = regions(m, k, n, double);
  const both = views(mod, at.end * at.bytes);
  if (both === null) return false;
  const view = both[double ? 1 : 0];
  const { bytes, tileN, mPad, nPad } = at;

  view.set(a.subarray(0, m * k), at.rawA);
  view.set(b.subarray(0, k * n), at.rawB);
  const pack = double ? mod.pack64 : mod.pack32;
  // A(i, p) is a[i·k + p], or a[p·m + i] when stored transposed; B(p, j) likewise.
  pack(at.rawA * bytes, (transA ? 1 : k) * bytes, (transA ? m : 1) * bytes, m, k, 4, at.packA * bytes);
  pack(at.rawB * bytes, (transB ? k : 1) * bytes, (transB ? 1 : n) * bytes, n, k, tileN, at.packB * bytes);
  (double ? mod.dgemm : mod.sgemm)(at.packA * bytes, at.packB * bytes, at.c * bytes, nPad * bytes, mPad, k, nPad);

  if (nPad === n) out.set(view.subarray(at.c, at.c + m * n));
  else for (let i = 0; i < m; i++) out.set(view.subarray(at.c + i * nPad, at.c + i * nPad + n), i * n);
  return true;
}

/**
 * Where each operand lives in the module's memory, in elements: raw A, raw B, packed A, packed B,
 * then C (mPad × nPad); each region starts 16-byte aligned.
 */
function regions(m: number, k: number, n: number, double: boolean) {
  const tileN = double ? 4 : 8;
  const mPad = roundUp(m, 4);
  const nPad = roundUp(n, tileN);
  const rawA = 0;
  const rawB = rawA + roundUp(m * k, 4);
  const packA = rawB + roundUp(k * n, 4);
  const packB = packA + mPad * k;
  const c = packB + nPad * k;
  return { bytes: double ? 8 : 4, tileN, mPad, nPad, rawA, rawB, packA, packB, c, end: c + mPad * nPad };
}
