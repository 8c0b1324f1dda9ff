import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';

/** Nonzero entries of the word–word co-occurrence matrix, row-major by (row, col). */
export interface Cooccurrences {
  rows: number[];
  cols: number[];
  /** X_ij: the number of times j appears near i, each time weighted by 1/distance. */
  values: number[];
}

/**
 * GloVe's co-occurrence counts: every pair of words at distance d ≤ window adds 1/d to X_ij and
 * to X_ji (a symmetric window), so close neighbours weigh more. Windows stay inside a sentence;
 * counts add up over all sentences.
 */
export function cooccurrences(sentences: readonly (readonly number[])[], window: number): Cooccurrences {
  if (!Number.isInteger(window) || window < 1) fail('E_ATTR', `window must be a positive integer, got ${window}`, { op: 'glove' });
  const counts = new Map<string, number>();
  const bump = (i: number, j: number, w: number): void => {
    const key = `${i},${j}`;
    counts.set(key, (counts.get(key) ?? 0) + w);
  };
  for (const ids of sentences) {
    for (let p = 0; p < ids.length; p++) {
      for (let d = 1; d <= window && p + d < ids.length; d++) {
        bump(ids[p], ids[p + d], 1 / d);
        bump(ids[p + d], ids[p], 1 / d);
      }
    }
  }
  const entries = [...counts].map(([key, x]) => [...key.split(',').map(Number), x]);
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { rows: entries.map((e) => e[0]), cols: entries.map((e) => e[1]), values: entries.map((e) => e[2]) };
}

export interface GloveAttrs {
  /** Counts at or above x_max get full weight (100 in the GloVe paper). */
  xMax: number;
  /** Exponent of the rising part of the weight (0.75 in the paper). */
  alpha: number;
}

export const GLOVE_DEFAULTS: GloveAttrs = { xMax: 100, alpha: 0.75 };

/** f(x) = (x / x_max)^α for x < x_max, else 1: rare pairs count less, frequent ones are capped. */
export function gloveWeight(x: number, { xMax, alpha }: GloveAttrs = GLOVE_DEFAULTS): number {
  return x < xMax ? Math.pow(x / xMax, alpha) : 1;
}

/**
 * GloVe's weighted least squares over P nonzero pairs, as named ops:
 *   L = Σ_p f(X_p) · (w_p·w̃_p + b_p + b̃_p − log X_p)²   (a plain sum: no mean, no ½).
 * `W`, `Wt` (P,D) hold the pairs' word and context rows, `b`, `bt` (P) their biases. The counts `X`
 * are data: f(X) and log X enter as constants, so no gradient reaches X.
 */
export function gloveLoss(tape: Tape, W: Tensor, Wt: Tensor, b: Tensor, bt: Tensor, X: Tensor, attrs: GloveAttrs = GLOVE_DEFAULTS): Tensor {
  checkGloveShapes(W, Wt, b, bt, X);
  return tape.withScope('glove_loss', () => {
    const weight = constantOf(tape, X, (x) => gloveWeight(x, attrs), 'f(X)');
    const logX = constantOf(tape, X, Math.log, 'log(X)');
    const dot = tape.apply('sum', [tape.apply('mul', [W, Wt], {}, 'w_mul_wt')], { axes: [1] }, 'dot');
    const pred = tape.apply('add', [tape.apply('add', [dot, b], {}, 'plus_b'), bt], {}, 'pred');
    const err = tape.apply('sub', [pred, logX], {}, 'err');
    const weighted = tape.apply('mul', [weight, tape.apply('pow', [err], { p: 2 }, 'err_sq')], {}, 'weighted');
    return tape.apply('sum', [weighted], {}, 'loss');
  });
}

/** A tensor computed from data outside the tape: it needs no gradient and carries none back. */
function constantOf(tape: Tape, x: Tensor, f: (v: number) => number, name: string): Tensor {
  const t = Tensor.zeros(x.shape, x.dtype, [...tape.scope, name].join('/'));
  for (let i = 0; i < t.size; i++) t.data[i] = f(x.data[i]);
  return t;
}

function checkGloveShapes(W: Tensor, Wt: Tensor, b: Tensor, bt: Tensor, X: Tensor): void {
  const ok = W.rank === 2 && sameShape(W.shape, Wt.shape) && [b, bt, X].every((t) => sameShape(t.shape, [W.shape[0]]));
  if (!ok) {
    const shapes = [W, Wt, b, bt, X].map((t) => formatShape(t.shape)).join(', ');
    fail('E_SHAPE', `expects W, Wt (P,D) and b, bt, X (P); got ${shapes}`, { op: 'glove_loss' });
  }
  for (const x of X.data) if (!(x > 0)) fail('E_ARGUMENT', `co-occurrence counts must be positive (log X), got ${x}`, { op: 'glove_loss' });
}
