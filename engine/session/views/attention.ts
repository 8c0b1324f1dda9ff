import type { AttentionView } from '../../protocol/views';
import type { SessionState } from '../state';
import { vocabularyOf } from '../extras';
import { attentionWeights, firstExample } from '../summary';

/**
 * Attention weights of this step (queries × keys) for the first example of the batch, one matrix
 * per head (`…/head<k>/weights`). Labels are the tokens of that example when the sequence comes
 * from an embedding layer (the words when the trainer knows them, else the token ids), else
 * positions.
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
    const spec = s.model.layers.find((l) => l.name === layer);
    const query = spec?.inputs.query?.[0] ?? spec?.inputs.x?.[0];
    const keys = spec?.inputs.keys?.[0] ?? spec?.inputs.memory?.[0] ?? query;
    out.push({
      layer,
      node,
      queryLabels: labels(s, query?.source ?? null, tq, 'q'),
      keyLabels: labels(s, keys?.source ?? null, tk, 'k'),
      heads: heads.map((h) => ({ head: h.head, values: h.values })),
    });
  }
  return out;
}

/** Tokens of example 0 that reach an attention input through `source` (an embedding up the chain), or positions. */
function labels(s: SessionState, source: string | null, n: number, prefix: string): string[] {
  const positions = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const embedding = source ? embeddingUpstream(s, source) : null;
  const gather = embedding ? s.timeline.outline?.events.find((e) => e.phase === 'forward' && e.layer === embedding && e.op === 'gather')?.node : null;
  const ids = gather?.inputs[1];
  if (!embedding || !ids || ids.size < n) return positions;
  const vocab = vocabularyOf(s.trainer, embedding);
  return Array.from({ length: n }, (_, i) => {
    const id = ids.data[i];
    return vocab?.[id] ?? String(id);
  });
}

/** The embedding layer a layer's main input comes from, following first inputs up to a few layers. */
function embeddingUpstream(s: SessionState, source: string): string | null {
  const layers = s.model.layers;
  let name: string | undefined = source;
  for (let depth = 0; name && depth < 8; depth++) {
    const l: (typeof layers)[number] | undefined = layers.find((x) => x.name === name);
    if (!l) return null;
    if (l.kind === 'embedding') return l.name;
    name = (l.inputs.input ?? l.inputs.x ?? Object.values(l.inputs)[0])?.[0]?.source;
  }
  return null;
}
