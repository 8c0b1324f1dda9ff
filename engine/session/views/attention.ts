import { importedAttention } from '../../onnx/attention';
import type { AttentionView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import type { StepOutline } from '../outline';
import type { SessionState } from '../state';
import { vocabularyOf } from '../extras';
import { computedAt } from '../present';
import { attentionWeights, firstExample } from '../summary';
import { FUSED_CELLS, fusedAttentionWeights } from './fusedAttention';

/** What labels one axis of a heatmap: the tokens of example 0, and the data field they come from. */
interface Axis {
  readonly labels: string[];
  /** The data field of the tokens (`source`), or null for positions. */
  readonly field: string | null;
}

/**
 * Attention weights of this step (queries × keys) for the first example of the batch, one matrix
 * per head (`…/head<k>/weights`). Labels are the tokens of that example, written as the data's
 * vocabulary writes them (the token ids when it has none), wherever the sequence comes from a token
 * field: through an embedding layer up the chain of first inputs, or the one-hot ids a seq2seq
 * layer reads (`<layer>/source_onehot` for keys, `<layer>/target_onehot` for queries). Else
 * positions. A head's weights are sent once the cursor has reached the op that computes them.
 */
export function attentionView(s: SessionState): AttentionView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const out: AttentionView[] = [];
  const computed = computedAt(s);
  for (const [layer, all] of attentionWeights(o, importedAttention(s.model.layers))) {
    const list = all.filter((w) => firstExample(w.node.split('/')) && w.weights.rank >= 2);
    const heads = list.map(({ node, event, weights }, k) => {
      const [tq, tk] = weights.shape.slice(-2);
      const head = /\/head(\d+)\//.exec(node);
      const reached = computed(event);
      return { head: head ? Number(head[1]) : k, node, tq, tk, computed: reached, values: reached ? Array.from(weights.data.subarray(0, tq * tk)) : new Array<number>(tq * tk).fill(0) };
    });
    if (!heads.length) continue;
    const { tq, tk, node } = heads[0];
    // An imported model's attention is named by its module path; its model layer is the event's.
    const [query, keys] = axesOf(s, o, layer, tq, tk, o.events[list[0].event]?.layer ?? null);
    out.push({
      layer,
      node,
      queryLabels: query.labels,
      keyLabels: keys.labels,
      labelsAre: describe(query, keys),
      heads: heads.map((h) => ({ head: h.head, computed: h.computed, values: h.values })),
    });
  }
  return [...out, ...fusedViews(s, o, computed, new Set(out.map((a) => a.layer)))];
}

/**
 * The fused attention ops of this step (fusedAttention.ts), one view each, under their layer's name
 * (the op's name when its layer already has one): weights computed once the cursor has reached the op.
 */
function fusedViews(s: SessionState, o: StepOutline, computed: (event: number) => boolean, taken: Set<string>): AttentionView[] {
  const out: AttentionView[] = [];
  o.events.forEach((e, event) => {
    if (e.phase !== 'forward' || !e.node || e.node.attrs.fused_attention !== true || !e.layer || !firstExample(e.node.scope)) return;
    const node = e.node;
    const layer = taken.has(e.layer) ? node.name : e.layer;
    taken.add(layer);
    const [tq, tk] = [node.inputs[0]?.shape.at(-2) ?? 0, node.inputs[1]?.shape.at(-2) ?? 0];
    const reached = computed(event);
    const weights = reached ? fusedAttentionWeights(node) : null;
    const [query, keys] = axesOf(s, o, e.layer, tq, tk);
    const heads = weights?.computed ? weights.heads.map((w, head) => ({ head, computed: true, values: Array.from(w.data) })) : reached || tq * tk > FUSED_CELLS ? [] : [{ head: 0, computed: false, values: new Array<number>(tq * tk).fill(0) }];
    const fused = weights ?? { computed: false, text: `Computed from q and k once the cursor reaches ${node.name}.` };
    out.push({ layer, node: node.name, queryLabels: query.labels, keyLabels: keys.labels, labelsAre: describe(query, keys), heads, fused: { computed: fused.computed, text: fused.text } });
  });
  return out;
}

/** Query and key axes of an attention layer (or of the model layer `owner` it is inside: an imported model's). */
function axesOf(s: SessionState, o: StepOutline, layer: string, tq: number, tk: number, owner: string | null = null): [Axis, Axis] {
  const spec = s.model.layers.find((l) => l.name === layer) ?? s.model.layers.find((l) => l.name === owner);
  if (spec?.kind === 'seq2seq') return [oneHotAxis(s, o, layer, 'target', tq, 'q'), oneHotAxis(s, o, layer, 'source', tk, 'k')];
  const query = spec?.inputs.query?.[0] ?? spec?.inputs.x?.[0] ?? spec?.inputs.input?.[0];
  const keys = spec?.inputs.keys?.[0] ?? spec?.inputs.memory?.[0] ?? query;
  const axis = (source: string | undefined, n: number, prefix: string): Axis =>
    (spec?.kind === 'onnx' && source ? importedTokenAxis(s, o, spec.name, source, n) : null) ?? embeddingAxis(s, o, source ?? null, n, prefix);
  return [axis(query?.source, tq, 'q'), axis(keys?.source, tk, 'k')];
}

/**
 * Tokens of example 0 when an imported model looks up the data field `source` itself (its embedding
 * a Gather of `data.<source>` inside the layer) and the attention runs over all of them; else null.
 */
function importedTokenAxis(s: SessionState, o: StepOutline, layer: string, source: string, n: number): Axis | null {
  const ids = o.events.find((e) => e.phase === 'forward' && e.layer === layer && e.op === 'gather' && e.node?.inputs[1]?.name === `data.${source}`)?.node?.inputs[1];
  if (!ids || ids.rank !== 2 || ids.shape[1] !== n) return null;
  const vocab = vocabularyOf(s.trainer, layer);
  return { labels: Array.from({ length: n }, (_, i) => word(vocab, ids.data[i])), field: source };
}

function positions(n: number, prefix: string): Axis {
  return { labels: Array.from({ length: n }, (_, i) => `${prefix}${i}`), field: null };
}

/** Tokens of example 0 that reach an attention input through `source` (an embedding up the chain), or positions. */
function embeddingAxis(s: SessionState, o: StepOutline, source: string | null, n: number, prefix: string): Axis {
  const embedding = source ? embeddingUpstream(s, source) : null;
  const gather = embedding ? o.events.find((e) => e.phase === 'forward' && e.layer === embedding && e.op === 'gather')?.node : null;
  const ids = gather?.inputs[1];
  if (!embedding || !ids || ids.size < n) return positions(n, prefix);
  const vocab = vocabularyOf(s.trainer, embedding);
  const field = s.model.layers.find((l) => l.name === embedding)?.inputs.input?.[0]?.source ?? null;
  return { labels: Array.from({ length: n }, (_, i) => word(vocab, ids.data[i])), field };
}

/** Tokens of example 0 from the one-hot rows `<layer>/<side>_onehot` (B, T, V) a seq2seq layer reads. */
function oneHotAxis(s: SessionState, o: StepOutline, layer: string, side: 'source' | 'target', n: number, prefix: string): Axis {
  const name = `${layer}/${side}_onehot`;
  let hot: Tensor | undefined;
  for (const e of o.events) {
    if (e.phase !== 'forward' || e.layer !== layer || !e.node) continue;
    hot = e.node.inputs.find((t) => t.name === name);
    if (hot) break;
  }
  if (!hot || hot.rank !== 3 || hot.shape[1] < n) return positions(n, prefix);
  const v = hot.shape[2];
  const vocab = vocabularyOf(s.trainer, layer);
  const ids = Array.from({ length: n }, (_, t) => argmax(hot.data, t * v, v));
  const spec = s.model.layers.find((l) => l.name === layer);
  const field = spec?.inputs[side === 'source' ? 'source' : 'target_in']?.[0]?.source ?? null;
  return { labels: ids.map((id) => word(vocab, id)), field };
}

function argmax(data: ArrayLike<number>, start: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (data[start + k] > data[start + best]) best = k;
  return best;
}

function word(vocab: readonly string[] | null, id: number): string {
  return vocab?.[id] ?? String(id);
}

/** `… are the tokens of data field ‘source’, example 0 of the batch …`; different fields per axis are named per axis. */
function describe(query: Axis, keys: Axis): string {
  const what = (a: Axis): string => (a.field ? `the tokens of data field ‘${a.field}’` : 'positions');
  if (!query.field && !keys.field) return 'Rows (queries) and columns (keys) are positions in the sequence: its input is not a token sequence.';
  if (query.field === keys.field) return `Rows (queries) and columns (keys) are ${what(query)}, example 0 of the batch, as the data writes them.`;
  return `Rows (queries) are ${what(query)} and columns (keys) ${what(keys)}, example 0 of the batch, as the data writes them.`;
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
