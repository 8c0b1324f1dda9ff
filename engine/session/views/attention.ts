import type { AttentionView } from '../../protocol/views';
import type { SessionState } from '../state';
import { attentionWeights, firstExample } from '../summary';

/**
 * Attention weights of this step (queries × keys) for the first example of the batch, one matrix
 * per head (`…/head<k>/weights`). Labels are positions; the words, when the trainer tells them.
 */
export function attentionView(s: SessionState): AttentionView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const out: AttentionView[] = [];
  for (const [layer, all] of attentionWeights(o)) {
    const list = all.filter((w) => firstExample(w.node.split('/')) && w.weights.rank >= 2);
    const heads = list.map(({ node, weights }, k) => {
      const [tq, tk] = weights.rank >= 2 ? weights.shape.slice(-2) : [1, weights.size];
      const head = /\/head(\d+)\//.exec(node);
      return { head: head ? Number(head[1]) : k, node, tq, tk, values: Array.from(weights.data.subarray(0, tq * tk)) };
    });
    if (!heads.length) continue;
    const { tq, tk, node } = heads[0];
    out.push({
      layer,
      node,
      queryLabels: Array.from({ length: tq }, (_, i) => `q${i}`),
      keyLabels: Array.from({ length: tk }, (_, j) => `k${j}`),
      heads: heads.map((h) => ({ head: h.head, values: h.values })),
    });
  }
  return out;
}
