import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import wabt from 'wabt';
import { matmulInto } from '../../../engine/kernels/matmul';
import { matmulTiledInto } from '../../../engine/kernels/matmul_tiled';
import { MATMUL_WASM_BYTES } from '../../../engine/kernels/matmul_wasm_bytes';
import { instantiateMatmulModule, wasmMatmulAvailable, wasmMatmulInto, type WasmApi } from '../../../engine/kernels/wasm_matmul';
import { allocate, type DType, type TypedArray } from '../../../engine/tensor/dtype';
import { mulberry } from '../../support/gradcheck';

type Kernel = (a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean) => void;

const kernels: [string, Kernel][] = [
  ['matmulInto (dispatch)', matmulInto],
  ['register-tiled JS', matmulTiledInto],
  [
    'WebAssembly SIMD',
    (a, b, out, m, k, n, tA, tB) => assert.ok(wasmMatmulInto(a, b, out, m, k, n, tA, tB), 'the SIMD kernel declined to run'),
  ],
];

/**
 * The specification: the naive triple loop in double precision, and the scale Σ_p |A(i,p)|·|B(p,j)|
 * that bounds the rounding error of any summation order.
 */
function naive(a: TypedArray, b: TypedArray, m: number, k: number, n: number, tA: boolean, tB: boolean): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const t = (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
        s += t;
        abs += Math.abs(t);
      }
      value[i * n + j] = s;
      scale[i * n + j] = abs;
    }
  }
  return { value, scale };
}

function randomArray(dtype: DType, size: number, rand: () => number): TypedArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) out[i] = rand() * 2 - 1;
  return out;
}

function check(kernel: Kernel, dtype: DType, m: number, k: number, n: number, tA: boolean, tB: boolean, seed: number): void {
  const rand = mulberry(seed);
  const a = randomArray(dtype, m * k, rand);
  const b = randomArray(dtype, k * n, rand);
  const out = allocate(dtype, m * n).fill(NaN);
  kernel(a, b, out, m, k, n, tA, tB);
  const { value, scale } = naive(a, b, m, k, n, tA, tB);
  const tol = dtype === 'float64' ? 1e-12 : 1e-5;
  for (let i = 0; i < m * n; i++) {
    const err = Math.abs(out[i] - value[i]);
    assert.ok(err <= tol * scale[i], `${dtype} ${m}×${k}×${n} transA=${tA} transB=${tB}: out[${i}] = ${out[i]}, expected ${value[i]}`);
  }
}

describe('matmul kernels', () => {
  it('WebAssembly SIMD is available in this runtime (Node ≥ 20)', () => {
    assert.equal(wasmMatmulAvailable(), true);
  });

  for (const [name, kernel] of kernels) {
    describe(name, () => {
      for (const dtype of ['float64', 'float32'] as const) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            it(`matches the naive triple loop, ${dtype}, transA=${tA}, transB=${tB}, m,k,n in 1..37`, () => {
              const dim = fc.integer({ min: 1, max: 37 });
              fc.assert(
                fc.property(dim, dim, dim, fc.nat(), (m, k, n, seed) => check(kernel, dtype, m, k, n, tA, tB, seed)),
                { numRuns: 40 },
              );
            });
          }
        }
        it(`handles a product larger than one panel of every kind (${dtype}, 70×300×90)`, () => {
          check(kernel, dtype, 70, 300, 90, true, true, 1);
          check(kernel, dtype, 70, 300, 90, false, false, 2);
        });
      }

      it('writes zeros when the inner size is 0', () => {
        const out = new Float64Array(6).fill(NaN);
        kernel(new Float64Array(0), new Float64Array(0), out, 2, 0, 3, false, false);
        assert.deepEqual(Array.from(out), [0, 0, 0, 0, 0, 0]);
      });

      it('keeps a NaN in its own row and column (padding never leaks into the result)', () => {
        for (const dtype of ['float64', 'float32'] as const) {
          const [m, k, n] = [6, 5, 10];
          const a = allocate(dtype, m * k).fill(1);
          const b = allocate(dtype, k * n).fill(1);
          a[3 * k + 2] = NaN; // row 3 of A
          b[4 * n + 7] = Infinity; // column 7 of B
          const out = allocate(dtype, m * n);
          kernel(a, b, out, m, k, n, false, false);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const v = out[i * n + j];
              if (i === 3) assert.ok(Number.isNaN(v), `out[${i},${j}] should be NaN`);
              else if (j === 7) assert.equal(v, Infinity);
              else assert.equal(v, k);
            }
          }
        }
      });
    });
  }

  it('reuses the module memory across sizes: large, small, then large again', () => {
    for (const [m, k, n] of [[90, 200, 130], [3, 4, 5], [120, 64, 33]]) check(matmulInto, 'float32', m, k, n, false, true, m);
  });
});

describe('WebAssembly module', () => {
  it('is matmul.wat compiled: the generated bytes are current (rebuild with npx tsx tools/build-wasm.ts)', async () => {
    const toolkit = await wabt();
    const source = readFileSync(join(__dirname, '..', '..', '..', 'engine', 'kernels', 'matmul.wat'), 'utf8');
    const module = toolkit.parseWat('matmul.wat', source, { simd: true });
    const { buffer } = module.toBinary({});
    module.destroy();
    assert.deepEqual(Array.from(MATMUL_WASM_BYTES), Array.from(buffer));
  });
});

describe('WebAssembly fallback', () => {
  it('does not instantiate without WebAssembly', () => {
    assert.equal(instantiateMatmulModule(undefined), null);
  });

  it('does not instantiate where SIMD fails validation', () => {
    const noSimd = { ...(globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly, validate: () => false };
    assert.equal(instantiateMatmulModule(noSimd), null);
  });

  it('matmulInto computes the right product in a runtime with no WebAssembly at all (node --jitless)', function () {
    this.timeout(60000);
    const script = [
      "const { matmulInto } = require('./engine/kernels/matmul');",
      "if (typeof WebAssembly !== 'undefined') throw new Error('expected no WebAssembly under --jitless');",
      'const m = 20, k = 30, n = 40;',
      'const a = Float64Array.from({ length: m * k }, (_, i) => (i % 7) - 3);',
      'const b = Float64Array.from({ length: k * n }, (_, i) => (i % 5) - 2);',
      'const out = new Float64Array(m * n);',
      'matmulInto(a, b, out, m, k, n, false, false);',
      'let bad = 0;',
      'for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {',
      '  let s = 0; for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];',
      '  if (s !== out[i * n + j]) bad++;',
      '}',
      'console.log(bad);',
    ].join('\n');
    const root = join(__dirname, '..', '..', '..');
    const stdout = execFileSync(process.execPath, ['--jitless', '--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(stdout.trim(), '0');
  });
});
