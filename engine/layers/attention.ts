import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import { DEFAULT_DTYPE, type DType } from '../tensor/dtype';
import { formatShape, sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { Layer, uniformInit, xavierUniform } from './layer';

/**
 * Single-head attention: queries (Tq, Dq) attend over keys (Tk, Dk) and mix values (Tk, Dv); a batch
 * (B, T, D) runs every sequence at once through `batch_matmul`. Four score functions (test/reference/README.md §5.9–5.10):
 *   dot         e = S Hsᵀ
 *   general     e = S W_a Hsᵀ                       (Luong)
 *   additive    e[q,k] = v · tanh(W_s s_q + W_h h_k) (Bahdanau, no bias)
 *   scaled_dot  e = Q Kᵀ / √dk
 * then weights = softmax over keys of e (causal: keys j > i masked out), context = weights · values.
 * Tensors shown by the debugger: `<layer>/scores` (unmasked), `<layer>/weights`, `<layer>/context`.
 */

export const ATTENTION_SCORES = ['dot', 'general', 'additive', 'scaled_dot'] as const;
export type AttentionScore = (typeof ATTENTION_SCORES)[number];

export interface AttentionResult {
  /** e (Tq, Tk), before any mask. */
  scores: Tensor;
  /** softmax over keys (Tq, Tk); exact zeros where masked. */
  weights: Tensor;
  /** weights · values (Tq, Dv). */
  context: Tensor;
}

/** What the attention heatmap reads: the latest weights per head, each queries × keys. */
export interface AttentionWeightsSource {
  readonly lastWeights: readonly Tensor[];
}

/** Fails unless t is a sequence (…, T, F), with F = `cols` when given, naming the tensor and its shape. */
export function expectSequence(what: string, t: Tensor, cols?: number, colsMeaning = ''): void {
  if (t.rank < 2) fail('E_SHAPE', `${what} must be a sequence (…, length, features), got ${formatShape(t.shape)}`);
  if (cols !== undefined && t.shape[t.rank - 1] !== cols) {
    fail('E_SHAPE', `${what} ${formatShape(t.shape)} must have ${cols} features in its last axis${colsMeaning ? ` (${colsMeaning})` : ''}`);
  }
}

/** Fails unless a and b have the same leading (batch) axes: both one sequence, or both the same batch. */
export function expectSameBatch(a: Tensor, b: Tensor, aWhat: string, bWhat: string): void {
  if (!sameShape(a.shape.slice(0, -2), b.shape.slice(0, -2))) {
    fail('E_SHAPE', `${aWhat} ${formatShape(a.shape)} and ${bWhat} ${formatShape(b.shape)} must have the same batch axes (all but the last two)`);
  }
}

/** Fails unless keys and values have one row per key position. */
export function expectSameLength(keys: Tensor, values: Tensor, keysWhat: string, valuesWhat: string): void {
  if (keys.shape[keys.rank - 2] !== values.shape[values.rank - 2]) {
    fail('E_SHAPE', `${keysWhat} ${formatShape(keys.shape)} and ${valuesWhat} ${formatShape(values.shape)} must have the same length (one row per key position)`);
  }
}

/** A matrix product on the tape: `matmul` for two matrices, `batch_matmul` when either carries batch axes. */
export function mm(tape: Tape, a: Tensor, b: Tensor, attrs: { transA?: boolean; transB?: boolean }, name: string): Tensor {
  return tape.apply(a.rank === 2 && b.rank === 2 ? 'matmul' : 'batch_matmul', [a, b], attrs, name);
}

/** e = S Hsᵀ */
export function dotScores(tape: Tape, S: Tensor, Hs: Tensor): Tensor {
  return mm(tape, S, Hs, { transB: true }, 'scores');
}

/** e = Q Kᵀ / √dk */
export function scaledDotScores(tape: Tape, Q: Tensor, K: Tensor): Tensor {
  const qk = mm(tape, Q, K, { transB: true }, 'QK');
  return tape.apply('scale', [qk], { s: 1 / Math.sqrt(Q.shape[Q.rank - 1]) }, 'scores');
}

/** e = (S W_a) Hsᵀ */
export function generalScores(tape: Tape, S: Tensor, Hs: Tensor, Wa: Tensor): Tensor {
  const sw = mm(tape, S, Wa, {}, 'S_Wa');
  return mm(tape, sw, Hs, { transB: true }, 'scores');
}

/**
 * e[q,k] = Σ_a v_a tanh((S W_sᵀ)[q,a] + (Hs W_hᵀ)[k,a]): the two projections are broadcast against each
 * other over a (…, Tq, Tk, A) grid, then contracted with v.
 */
export function additiveScores(tape: Tape, S: Tensor, Hs: Tensor, Ws: Tensor, Wh: Tensor, v: Tensor): Tensor {
  const lead = S.shape.slice(0, -2);
  const [tq, tk, a] = [S.shape[S.rank - 2], Hs.shape[Hs.rank - 2], Ws.shape[0]];
  const sq = mm(tape, S, Ws, { transB: true }, 'S_Ws');
  const hk = mm(tape, Hs, Wh, { transB: true }, 'Hs_Wh');
  const rows = tape.apply('reshape', [sq], { shape: [...lead, tq, 1, a] }, 'S_Ws_rows');
  const cols = lead.length ? tape.apply('reshape', [hk], { shape: [...lead, 1, tk, a] }, 'Hs_Wh_cols') : hk;
  const act = tape.apply('tanh', [tape.apply('add', [rows, cols], {}, 'pre')], {}, 'energy');
  return tape.apply('sum', [tape.apply('mul', [act, v], {}, 'v_energy')], { axes: [lead.length + 2] }, 'scores');
}

/** weights = softmax(mask(scores)) over keys; context = weights · values. */
export function attend(tape: Tape, scores: Tensor, values: Tensor, causal: boolean, contextName = 'context'): AttentionResult {
  const masked = causal ? tape.apply('causal_mask', [scores], {}, 'masked') : scores;
  const weights = tape.apply('softmax', [masked], { axis: -1 }, 'weights');
  const context = mm(tape, weights, values, {}, contextName);
  return { scores, weights, context };
}

export interface AttentionSizes {
  /** Width of a query row (decoder state size Ds, or dk). */
  query: number;
  /** Width of a key row (encoder state size Dh, or dk). */
  key: number;
  /** Additive attention's hidden size A (default: `key`). */
  hidden?: number;
}

export interface AttentionOptions {
  score: AttentionScore;
  /** Query i sees keys j ≤ i only (self-attention over one sequence). */
  causal?: boolean;
}

export class Attention extends Layer implements AttentionWeightsSource {
  readonly kind = 'attention';
  readonly score: AttentionScore;
  readonly causal: boolean;
  lastWeights: Tensor[] = [];

  constructor(name: string, readonly sizes: AttentionSizes, options: AttentionOptions, rng: Rng, dtype: DType = DEFAULT_DTYPE) {
    super(name);
    this.score = options.score;
    this.causal = options.causal ?? false;
    const { query, key } = sizes;
    if (!ATTENTION_SCORES.includes(this.score)) {
      fail('E_ATTR', `unknown attention score "${this.score}"; use one of ${ATTENTION_SCORES.join(', ')}`, { layer: name });
    }
    if ((this.score === 'dot' || this.score === 'scaled_dot') && query !== key) {
      fail('E_ARGUMENT', `${this.score} attention needs queries and keys of one width, got ${query} and ${key}`, { layer: name });
    }
    if (this.score === 'general') this.addParam('W_a', xavierUniform(rng, [query, key], dtype));
    if (this.score === 'additive') {
      const hidden = sizes.hidden ?? key;
      this.addParam('W_s', xavierUniform(rng, [hidden, query], dtype));
      this.addParam('W_h', xavierUniform(rng, [hidden, key], dtype));
      this.addParam('v', uniformInit(rng, [hidden], 1 / Math.sqrt(hidden), dtype));
    }
  }

  /** Encoder–decoder use: `forward(tape, S, Hs)` attends over Hs and mixes Hs itself. */
  forward(tape: Tape, queries: Tensor, keys: Tensor, values: Tensor = keys): AttentionResult {
    return this.scoped(tape, () => {
      expectSequence('queries', queries, this.sizes.query, 'the query size');
      expectSequence('keys', keys, this.sizes.key, 'the key size');
      expectSequence('values', values);
      expectSameBatch(queries, keys, 'queries', 'keys');
      expectSameBatch(keys, values, 'keys', 'values');
      expectSameLength(keys, values, 'keys', 'values');
      const result = attend(tape, this.scores(tape, queries, keys), values, this.causal);
      this.lastWeights = [result.weights];
      return result;
    });
  }

  private scores(tape: Tape, S: Tensor, Hs: Tensor): Tensor {
    const p = (k: string): Tensor => this.params.get(k) as Tensor;
    switch (this.score) {
      case 'dot':
        return dotScores(tape, S, Hs);
      case 'scaled_dot':
        return scaledDotScores(tape, S, Hs);
      case 'general':
        return generalScores(tape, S, Hs, p('W_a'));
      case 'additive':
        return additiveScores(tape, S, Hs, p('W_s'), p('W_h'), p('v'));
    }
  }
}
