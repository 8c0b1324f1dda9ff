import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/**
 * Word2Vec's per-example losses as named composites over primitive ops (mul, sum, mean, neg,
 * log_sigmoid), so the debugger can step through every score and term. Vectors may be given as
 * (D) or as one-row (1,D) matrices (what a `gather` of one id returns).
 */

/**
 * Skip-gram with negative sampling: the center's input vector v_c should score high with the true
 * context's output vector u_o and low with K noise words' vectors u_k (rows of `U_neg`):
 *   L = −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c)
 */
export function sgnsLoss(tape: Tape, vc: Tensor, uo: Tensor, Uneg: Tensor): Tensor {
  checkVectors('sgns_loss', { v_c: vc, u_o: uo }, ['U_neg', Uneg]);
  return tape.withScope('sgns_loss', () => negativeSamplingTerms(tape, vc, uo, Uneg));
}

/**
 * CBOW with negative sampling: the mean of the C context input vectors, v = (1/C) Σ_c V_ctx[c],
 * plays the center's role:  L = −log σ(u_o·v) − Σ_k log σ(−u_k·v)
 */
export function cbowNsLoss(tape: Tape, Vctx: Tensor, uo: Tensor, Uneg: Tensor): Tensor {
  if (Vctx.rank !== 2) fail('E_SHAPE', `V_ctx must be (C,D), got ${formatShape(Vctx.shape)}`, { op: 'cbow_ns_loss' });
  checkVectors('cbow_ns_loss', { u_o: uo }, ['U_neg', Uneg], Vctx.shape[1]);
  return tape.withScope('cbow_ns_loss', () => {
    const v = tape.apply('mean', [Vctx], { axes: [0] }, 'context_mean');
    return negativeSamplingTerms(tape, v, uo, Uneg);
  });
}

/**
 * Hierarchical softmax: P(word | v) is the product of binary decisions along the word's Huffman
 * path; at inner node j the code bit picks the branch:
 *   L = −Σ_j log σ((1 − 2·code_j) θ_j·v)    (code 0 → +θ_j·v, code 1 → −θ_j·v)
 * `Theta` (L,D) holds the path's inner-node vectors, root first.
 */
export function hsLoss(tape: Tape, v: Tensor, Theta: Tensor, codes: readonly number[]): Tensor {
  checkVectors('hs_loss', { v }, ['Theta', Theta]);
  if (codes.length !== Theta.shape[0] || codes.some((c) => c !== 0 && c !== 1)) {
    fail('E_ARGUMENT', `needs one code (0 or 1) per row of Theta ${formatShape(Theta.shape)}, got [${codes.join(',')}]`, { op: 'hs_loss' });
  }
  return tape.withScope('hs_loss', () => {
    const signs = Tensor.of(codes.map((c) => 1 - 2 * c), [codes.length], Theta.dtype, [...tape.scope, 'signs'].join('/'));
    const scores = rowDots(tape, Theta, v, 'scores');
    const signed = tape.apply('mul', [scores, signs], {}, 'signed_scores');
    const terms = tape.apply('log_sigmoid', [signed], {}, 'log_sigma');
    return tape.apply('neg', [tape.apply('sum', [terms], {}, 'sum_log_sigma')], {}, 'loss');
  });
}

/** −log σ(u_o·v) − Σ_k log σ(−u_k·v), shared by skip-gram and CBOW. */
function negativeSamplingTerms(tape: Tape, v: Tensor, uo: Tensor, Uneg: Tensor): Tensor {
  const pos = tape.apply('sum', [tape.apply('mul', [uo, v], {}, 'uo_v')], {}, 'score_pos');
  const neg = rowDots(tape, Uneg, v, 'score_neg');
  const logPos = tape.apply('log_sigmoid', [pos], {}, 'log_sigma_pos');
  const logNeg = tape.apply('log_sigmoid', [tape.apply('neg', [neg], {}, 'minus_score_neg')], {}, 'log_sigma_neg');
  const total = tape.apply('add', [logPos, tape.apply('sum', [logNeg], {}, 'sum_log_sigma_neg')], {}, 'log_likelihood');
  return tape.apply('neg', [total], {}, 'loss');
}

/** (K) scores M[k]·v: the product broadcasts v over M's rows, then each row is summed. */
function rowDots(tape: Tape, M: Tensor, v: Tensor, name: string): Tensor {
  return tape.apply('sum', [tape.apply('mul', [M, v], {}, `${name}_terms`)], { axes: [1] }, name);
}

/** Each vector is (D) or (1,D); `rows` is (K,D) with the same D. */
function checkVectors(op: string, vectors: Record<string, Tensor>, [rowsName, rows]: [string, Tensor], dim?: number): void {
  const d = dim ?? rows.shape[1];
  const isVector = (t: Tensor): boolean => (t.rank === 1 && t.shape[0] === d) || (t.rank === 2 && t.shape[0] === 1 && t.shape[1] === d);
  const bad = rows.rank !== 2 || rows.shape[0] < 1 || Object.values(vectors).some((t) => !isVector(t));
  if (bad) {
    const shapes = [...Object.entries(vectors), [rowsName, rows] as const].map(([k, t]) => `${k} ${formatShape(t.shape)}`).join(', ');
    fail('E_SHAPE', `vectors must be (D) or (1,D) and the row matrix (K,D) with the same D; got ${shapes}`, { op });
  }
}
