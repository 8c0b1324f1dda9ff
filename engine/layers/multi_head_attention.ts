import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { attend, expectSameBatch, expectSequence, mm, type AttentionResult, type AttentionWeightsSource } from './attention';
import { Layer, xavierUniform } from './layer';

/**
 * Multi-head attention over one sequence X (T, D) or a batch (B, T, D) (test/reference/README.md §5.11):
 *   Q = X Wqᵀ + bq,  K = M Wkᵀ + bk,  V = M Wvᵀ + bv     (M = X for self-attention)
 *   head j reads columns j·dh .. (j+1)·dh − 1, dh = D / h:
 *   A_j = softmax(Q_j K_jᵀ / √dh)  (causal: keys j > i masked),  O_j = A_j V_j
 *   out = [O_0 | … | O_{h−1}] Woᵀ + bo
 * Q is scaled by 1/√dh once, before it is split, so each head costs three slices, two matmuls and a
 * softmax (plus the mask). Debugger names: `<layer>/Q`, `<layer>/head0/scores`,
 * `<layer>/head0/weights`, `<layer>/head0/context`, `<layer>/concat`, `<layer>/out`, and `<layer>/weights`
 * (…, h, T, Tk), every head's weights stacked for the heatmap.
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
  /** (…, h, Tq, Tk) on the tape: weights[j] = A_j. */
  weights: Tensor;
}

/** y = x Wᵀ (+ b): the matmul gets `matmulName`, the result `name`. */
function project(tape: Tape, x: Tensor, W: Tensor, b: Tensor | undefined, matmulName: string, name: string): Tensor {
  const xw = mm(tape, x, W, { transB: true }, b ? matmulName : name);
  return b ? tape.apply('add', [xw, b], {}, name) : xw;
}

function checkInputs(x: Tensor, memory: Tensor, w: MultiHeadWeights, heads: number): void {
  if (w.Wq.rank !== 2) fail('E_SHAPE', `Wq must be a matrix (D, D), got ${formatShape(w.Wq.shape)}`);
  const d = w.Wq.shape[0];
  if (!Number.isInteger(heads) || heads < 1 || d % heads !== 0) {
    fail('E_ARGUMENT', `model width D = ${d} (Wq ${formatShape(w.Wq.shape)}) is not divisible by heads = ${heads}`);
  }
  expectSequence('queries X', x, w.Wq.shape[1], 'the width of Wq');
  if (w.Wk.rank !== 2) fail('E_SHAPE', `Wk must be a matrix (D, M), got ${formatShape(w.Wk.shape)}`);
  expectSequence('keys/values M', memory, w.Wk.shape[1], 'the width of Wk');
  expectSameBatch(x, memory, 'queries X', 'keys/values M');
  const m = memory.shape[memory.rank - 1];
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
  const features = x.rank - 1;
  const Q = project(tape, x, w.Wq, w.bq, 'XWq', 'Q');
  const K = project(tape, memory, w.Wk, w.bk, 'MWk', 'K');
  const V = project(tape, memory, w.Wv, w.bv, 'MWv', 'V');
  const Qs = tape.apply('scale', [Q], { s: 1 / Math.sqrt(dh) }, 'Q_scaled');
  const results = Array.from({ length: heads }, (_, j) =>
    tape.withScope(`head${j}`, () => {
      const cols = { axis: features, start: j * dh, end: (j + 1) * dh };
      const [q, k, v] = [tape.apply('slice', [Qs], cols, 'Q'), tape.apply('slice', [K], cols, 'K'), tape.apply('slice', [V], cols, 'V')];
      return attend(tape, mm(tape, q, k, { transB: true }, 'scores'), v, causal);
    }),
  );
  const concat = tape.apply('concat', results.map((r) => r.context), { axis: features }, 'concat');
  const out = project(tape, concat, w.Wo, w.bo, 'concat_Wo', 'out');
  // The head axis goes just before (Tq, Tk): (h, Tq, Tk) for one sequence, (B, h, Tq, Tk) for a batch.
  const weights = tape.apply('stack', results.map((r) => r.weights), { axis: x.rank - 2 }, 'weights');
  return { out, heads: results, weights };
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
