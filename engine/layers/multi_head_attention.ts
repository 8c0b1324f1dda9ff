import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { attend, expectMatrix, type AttentionResult, type AttentionWeightsSource } from './attention';
import { Layer, xavierUniform } from './layer';

/**
 * Multi-head attention, unbatched (test/reference/README.md §5.11):
 *   Q = X Wqᵀ + bq,  K = M Wkᵀ + bk,  V = M Wvᵀ + bv     (M = X for self-attention)
 *   head j reads columns j·dh .. (j+1)·dh − 1, dh = D / h:
 *   A_j = softmax(Q_j K_jᵀ / √dh)  (causal: keys j > i masked),  O_j = A_j V_j
 *   out = [O_0 | … | O_{h−1}] Woᵀ + bo
 * Q is scaled by 1/√dh once, before it is split, so each head costs three slices, two matmuls and a
 * softmax (plus the mask). Debugger names: `<layer>/Q`, `<layer>/head0/scores`,
 * `<layer>/head0/weights`, `<layer>/head0/context`, `<layer>/concat`, `<layer>/out`.
 */

export interface MultiHeadWeights {
  Wq: Tensor;
  Wk: Tensor;
  Wv: Tensor;
  Wo: Tensor;
  bq?: Tensor;
  bk?: Tensor;
  bv?: Tensor;
  bo?: Tensor;
}

export interface MultiHeadResult {
  /** (Tq, D) */
  out: Tensor;
  /** Per head: scores (scaled, unmasked), weights and context, each on the tape. */
  heads: AttentionResult[];
}

/** y = x Wᵀ (+ b): the matmul gets `matmulName`, the result `name`. */
function project(tape: Tape, x: Tensor, W: Tensor, b: Tensor | undefined, matmulName: string, name: string): Tensor {
  const xw = tape.apply('matmul', [x, W], { transB: true }, b ? matmulName : name);
  return b ? tape.apply('add', [xw, b], {}, name) : xw;
}

function checkInputs(x: Tensor, memory: Tensor, w: MultiHeadWeights, heads: number): void {
  expectMatrix('Wq', w.Wq);
  const d = w.Wq.shape[0];
  if (!Number.isInteger(heads) || heads < 1 || d % heads !== 0) {
    fail('E_ARGUMENT', `model width D = ${d} (Wq ${formatShape(w.Wq.shape)}) is not divisible by heads = ${heads}`);
  }
  expectMatrix('queries X', x, w.Wq.shape[1], 'the width of Wq');
  expectMatrix('Wk', w.Wk);
  expectMatrix('keys/values M', memory, w.Wk.shape[1], 'the width of Wk');
  const m = memory.shape[1];
  const expected: [string, Tensor | undefined, number[]][] = [
    ['Wk', w.Wk, [d, m]],
    ['Wv', w.Wv, [d, m]],
    ['Wo', w.Wo, [d, d]],
    ['bq', w.bq, [d]],
    ['bk', w.bk, [d]],
    ['bv', w.bv, [d]],
    ['bo', w.bo, [d]],
  ];
  for (const [what, t, shape] of expected) {
    if (t && !sameShape(t.shape, shape)) {
      fail('E_SHAPE', `${what} is ${formatShape(t.shape)} but D = ${d} and the keys/values are ${formatShape(memory.shape)}, so it must be ${formatShape(shape)}`);
    }
  }
}

/** Runs inside the caller's scope; `memory` = x for self-attention, the encoder output for cross-attention. */
export function multiHeadAttention(tape: Tape, x: Tensor, memory: Tensor, w: MultiHeadWeights, heads: number, causal: boolean): MultiHeadResult {
  checkInputs(x, memory, w, heads);
  const dh = w.Wq.shape[0] / heads;
  const Q = project(tape, x, w.Wq, w.bq, 'XWq', 'Q');
  const K = project(tape, memory, w.Wk, w.bk, 'MWk', 'K');
  const V = project(tape, memory, w.Wv, w.bv, 'MWv', 'V');
  const Qs = tape.apply('scale', [Q], { s: 1 / Math.sqrt(dh) }, 'Q_scaled');
  const results = Array.from({ length: heads }, (_, j) =>
    tape.withScope(`head${j}`, () => {
      const cols = { axis: 1, start: j * dh, end: (j + 1) * dh };
      const [q, k, v] = [tape.apply('slice', [Qs], cols, 'Q'), tape.apply('slice', [K], cols, 'K'), tape.apply('slice', [V], cols, 'V')];
      return attend(tape, tape.apply('matmul', [q, k], { transB: true }, 'scores'), v, causal);
    }),
  );
  const concat = tape.apply('concat', results.map((r) => r.context), { axis: 1 }, 'concat');
  return { out: project(tape, concat, w.Wo, w.bo, 'concat_Wo', 'out'), heads: results };
}

export interface MultiHeadSizes {
  /** Model width D (queries, and the output). */
  model: number;
  heads: number;
  /** Width of the keys/values sequence for cross-attention (default: D). */
  memory?: number;
}

export interface MultiHeadOptions {
  causal?: boolean;
  /** Biases on the four projections (default true). */
  bias?: boolean;
}

export class MultiHeadAttention extends Layer implements AttentionWeightsSource {
  readonly kind = 'multi_head_attention';
  readonly heads: number;
  readonly causal: boolean;
  /** The last forward's weights per head, each (Tq, Tk), as named on the tape (`<layer>/head0/weights`). */
  lastWeights: Tensor[] = [];

  constructor(name: string, sizes: MultiHeadSizes, options: MultiHeadOptions, rng: Rng, dtype: DType = DEFAULT_DTYPE) {
    super(name);
    const { model: d, heads } = sizes;
    if (!Number.isInteger(heads) || heads < 1 || d % heads !== 0) {
      fail('E_ARGUMENT', `model width ${d} is not divisible by heads = ${heads}`, { layer: name });
    }
    this.heads = heads;
    this.causal = options.causal ?? false;
    const m = sizes.memory ?? d;
    for (const [key, cols] of [['Wq', d], ['Wk', m], ['Wv', m], ['Wo', d]] as const) {
      this.addParam(key, xavierUniform(rng, [d, cols], dtype));
    }
    if (options.bias ?? true) for (const key of ['bq', 'bk', 'bv', 'bo']) this.addParam(key, Tensor.zeros([d], dtype));
  }

  /** Self-attention with `forward(tape, x)`; cross-attention with `forward(tape, x, encoderOut)`. */
  forward(tape: Tape, x: Tensor, memory: Tensor = x): MultiHeadResult {
    return this.scoped(tape, () => {
      const result = multiHeadAttention(tape, x, memory, this.weights(), this.heads, this.causal);
      this.lastWeights = result.heads.map((h) => h.weights);
      return result;
    });
  }

  private weights(): MultiHeadWeights {
    const p = (k: string): Tensor | undefined => this.params.get(k);
    return { Wq: p('Wq') as Tensor, Wk: p('Wk') as Tensor, Wv: p('Wv') as Tensor, Wo: p('Wo') as Tensor, bq: p('bq'), bk: p('bk'), bv: p('bv'), bo: p('bo') };
  }
}
