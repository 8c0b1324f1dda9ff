import type { NegativeSamplingView, ScoredWord } from '../../protocol/views';
import { UNIGRAM_POWER } from '../../text/negative_sampling';
import { vocabularyOf, wordModelOf } from '../extras';
import type { SessionState } from '../state';
import { WordExample } from './wordExample';

/**
 * Negative sampling of the model's word2vec (or fastText) layer: the unigram distribution
 * count/Σcount beside the noise distribution count^¾/Σcount^¾, and for the example shown the
 * positive pair and the k negatives with u·v once `score_pos` / `score_neg` have run and σ(u·v)
 * once their log σ has (σ(u_o·v) = exp(log σ(u_o·v)); σ(u_k·v) = 1 − exp(log σ(−u_k·v))).
 */
export function negativeSamplingView(s: SessionState): NegativeSamplingView | null {
  for (const layer of s.trainer.layers) {
    const m = wordModelOf(s.trainer, layer.name);
    if (!m || (m.kind === 'word2vec' && m.tree) || m.kind === 'glove') continue;
    const words = vocabularyOf(s.trainer, layer.name) ?? m.counts.map((_, i) => String(i));
    return { layer: layer.name, words, unigram: normalised(m.counts, 1), noise: normalised(m.counts, UNIGRAM_POWER), example: exampleOf(s, layer.name) };
  }
  return null;
}

function normalised(counts: readonly number[], power: number): number[] {
  const w = counts.map((c) => Math.pow(c, power));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

function exampleOf(s: SessionState, layer: string): NegativeSamplingView['example'] {
  const ex = WordExample.at(s, layer);
  const target = ex?.ids('u_o');
  const negatives = ex?.ids('U_neg');
  const input = ex?.ids('v_c') ?? ex?.ids('V_ctx') ?? ex?.ids('subword_rows')?.slice(0, 1);
  if (!ex || !target || !negatives || !input) return null;
  const loss = ex.forward('sgns_loss/score_pos') ? 'sgns_loss' : 'cbow_ns_loss';
  const posScore = ex.output(`${loss}/score_pos`);
  const posLog = ex.output(`${loss}/log_sigma_pos`);
  const negScore = ex.output(`${loss}/score_neg`);
  const negLog = ex.output(`${loss}/log_sigma_neg`);
  const positive: ScoredWord = { word: target[0], score: posScore ? posScore.data[0] : null, sigma: posLog ? Math.exp(posLog.data[0]) : null };
  const scored = negatives.map((word, k) => ({ word, score: negScore ? negScore.data[k] : null, sigma: negLog ? -Math.expm1(negLog.data[k]) : null }));
  return { scope: ex.scope, input, positive, negatives: scored };
}
