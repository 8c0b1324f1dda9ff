import type { GloveView } from '../../protocol/views';
import { gloveWeight } from '../../text/glove';
import { vocabularyOf, wordModelOf } from '../extras';
import type { SessionState } from '../state';
import { WordExample } from './wordExample';

/**
 * GloVe's co-occurrence counts X_ij (every nonzero pair), its weighting f(x) = min(1, (x/x_max)^α),
 * and the residual r_ij = w_i·w̃_j + b_i + b̃_j − log X_ij of the batch's pairs, read from
 * `glove_loss/err` once it has run. The pair marked is the batch's costliest f(X)·r² once the
 * residuals are known, else its first pair.
 */
export function gloveView(s: SessionState): GloveView | null {
  for (const layer of s.trainer.layers) {
    const m = layer.kind === 'glove' ? wordModelOf(s.trainer, layer.name) : null;
    if (m?.kind !== 'glove') continue;
    const words = vocabularyOf(s.trainer, layer.name) ?? m.counts.map((_, i) => String(i));
    const { rows, cols, values } = m.pairs;
    const index = new Map(rows.map((r, p) => [r * words.length + cols[p], p]));
    const ex = WordExample.at(s, layer.name);
    const batch = (ex?.ids('W_rows') ?? []).map((r, k) => index.get(r * words.length + (ex?.ids('Wt_rows') ?? [])[k]) ?? -1);
    const err = ex?.output('glove_loss/err') ?? null;
    const residuals: (number | null)[] = rows.map(() => null);
    if (err) batch.forEach((p, k) => p >= 0 && (residuals[p] = err.data[k]));
    const cost = (p: number): number => gloveWeight(values[p], m.attrs) * (residuals[p] ?? 0) ** 2;
    const current = batch.reduce((best, p) => (p >= 0 && (best < 0 || cost(p) > cost(best)) ? p : best), -1);
    return { layer: layer.name, words, pairs: { rows, cols, counts: values }, xMax: m.attrs.xMax, alpha: m.attrs.alpha, residuals, current: Math.max(0, current) };
  }
  return null;
}
