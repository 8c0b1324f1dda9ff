import type { DecodingStep, DecodingView } from '../../protocol/views';
import { Tensor } from '../../tensor/tensor';
import { predictOf, vocabularyOf } from '../extras';
import type { EventInfo, StepOutline } from '../outline';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/** How many of the most likely next tokens each decoder step lists. */
const TOP_K = 3;

interface Found {
  readonly e: EventInfo;
  readonly index: number;
}

/**
 * Each token seq2seq layer's decoding of example 0 of the batch. Once the cursor has reached the
 * layer's outputs (`<layer>/out/y`): per decoder step the top-k of softmax(logits), the teacher-forced
 * argmax, and the greedy token — the model run free from <bos> with the parameters at the cursor,
 * each step fed the previous step's argmax, through the trainer's `predict` on a tape of its own
 * (never the step's). Once it has reached `<layer>/attn/weights`: each step's weights over the source.
 */
export function decodingView(s: SessionState): DecodingView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const computed = computedAt(s);
  const out: DecodingView[] = [];
  for (const spec of s.model.layers) {
    if (spec.kind !== 'seq2seq') continue;
    const layer = spec.name;
    const logits = find(o, `${layer}/out/y`);
    const source = tokenIds(o, layer, 'source');
    const targetIn = tokenIds(o, layer, 'target');
    if (!logits || !source || !targetIn) continue;
    const y = logits.e.node!.outputs[0];
    const [Tt, V] = y.shape.slice(-2);
    const weights = find(o, `${layer}/attn/weights`);
    const reached = computed(logits.index);
    const aligned = weights !== null && computed(weights.index);
    const vocab = vocabularyOf(s.trainer, layer);
    const word = (id: number): string => vocab?.[id] ?? String(id);
    const target = targetsOf(o, y, Tt);
    const greedy = reached ? greedyIds(s, layer, source, targetIn.ids[0], Tt, V) : null;
    const Ts = source.ids.length;
    const steps = Array.from({ length: Tt }, (_, t): DecodingStep => {
      const row = Array.from(y.data.subarray(t * V, (t + 1) * V));
      const p = softmax(row);
      const order = p.map((_, k) => k).sort((a, b) => p[b] - p[a] || a - b);
      return {
        input: word(targetIn.ids[t]),
        target: target ? word(target[t]) : null,
        topK: reached ? order.slice(0, Math.min(TOP_K, V)).map((k) => ({ token: word(k), probability: p[k] })) : [],
        forced: reached ? word(order[0]) : null,
        greedy: greedy ? word(greedy[t]) : null,
        alignment: aligned ? Array.from(weights.e.node!.outputs[0].data.subarray(t * Ts, (t + 1) * Ts)) : null,
      };
    });
    const scope = s.cursor.event >= 0 ? o.events[s.cursor.event]?.timeScope : null;
    const here = scope?.startsWith(`${layer}/decoder/`) ? o.events[s.cursor.event].timeStep : null;
    out.push({ layer, node: logits.e.node!.name, sourceTokens: source.ids.map(word), currentStep: here, computed: reached, steps, hasAttention: weights !== null });
  }
  return out;
}

function find(o: StepOutline, name: string): Found | null {
  const index = o.events.findIndex((e) => e.phase === 'forward' && e.node?.name === name);
  return index < 0 ? null : { e: o.events[index], index };
}

/** softmax(z)_k = exp(z_k − max z) / Σ_j exp(z_j − max z). */
function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function argmax(z: ArrayLike<number>, start: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (z[start + k] > z[start + best]) best = k;
  return best;
}

/**
 * Example 0's token ids on one side of the layer: the argmax of its one-hot rows `<layer>/<side>_onehot`
 * (B, T, V), or the ids its embedding looks up (`<layer>/src_embed/y`, `tgt_embed/y`).
 */
function tokenIds(o: StepOutline, layer: string, side: 'source' | 'target'): { ids: number[]; dtype: Tensor['dtype'] } | null {
  const hotName = `${layer}/${side}_onehot`;
  const lookup = `${layer}/${side === 'source' ? 'src' : 'tgt'}_embed/y`;
  for (const e of o.events) {
    if (e.phase !== 'forward' || e.layer !== layer || !e.node) continue;
    const hot = e.node.inputs.find((t) => t.name === hotName);
    if (hot && hot.rank === 3) {
      const [T, V] = hot.shape.slice(1);
      return { ids: Array.from({ length: T }, (_, t) => argmax(hot.data, t * V, V)), dtype: hot.dtype };
    }
    if (e.node.name === lookup) {
      const ids = e.node.inputs[1];
      const T = ids.shape[ids.rank - 1];
      return { ids: Array.from(ids.data.subarray(0, T)), dtype: e.node.inputs[0].dtype };
    }
  }
  return null;
}

/** Example 0's targets, from the cross-entropy that reads one target per row of these logits (B·Tt of them). */
function targetsOf(o: StepOutline, logits: Tensor, Tt: number): number[] | null {
  const V = logits.shape[logits.rank - 1];
  const loss = o.events.find((e) => e.phase === 'loss' && e.op === 'cross_entropy' && e.node && e.node.inputs[1]?.size === logits.size / V)?.node;
  const target = loss?.inputs[1];
  return target ? Array.from(target.data.subarray(0, Tt)) : null;
}

/**
 * Greedy decoding of example 0 off the tape: Tt runs of the model, run k reading <bos> and the
 * argmaxes of runs before it, so that step k's argmax is the greedy token (the decoder reads only
 * earlier inputs). Null when the loss does not read this layer or the trainer cannot predict.
 */
function greedyIds(s: SessionState, layer: string, source: { ids: number[]; dtype: Tensor['dtype'] }, bos: number, Tt: number, V: number): number[] | null {
  const key = `${layer} ${source.ids.join(',')} ${bos} ${Tt} ${fingerprint(s)}`;
  const cached = greedyCache.get(s);
  if (cached?.key === key) return cached.ids;
  const ids = decodeGreedy(s, layer, source, bos, Tt, V);
  greedyCache.set(s, { key, ids });
  return ids;
}

/** The last greedy decoding per session: the stops between two updates share their parameters, hence their decoding. */
const greedyCache = new WeakMap<SessionState, { key: string; ids: number[] | null }>();

/** Σ over the parameters of Σᵢ (i mod 7 + 1)·θᵢ: changes whenever an update, a Step Back over one or an edit changes them. */
function fingerprint(s: SessionState): string {
  let sum = 0;
  for (const l of s.trainer.layers) {
    for (const p of l.params) for (let i = 0; i < p.data.length; i++) sum += ((i % 7) + 1) * p.data[i];
  }
  return String(sum);
}

function decodeGreedy(s: SessionState, layer: string, source: { ids: number[]; dtype: Tensor['dtype'] }, bos: number, Tt: number, V: number): number[] | null {
  const spec = s.model.layers.find((l) => l.name === layer);
  const [src, tgt] = [spec?.inputs.source?.[0]?.source, spec?.inputs.target_in?.[0]?.source];
  if (!src || !tgt || s.model.spec.loss?.input.source !== layer) return null;
  const fed = [bos, ...new Array<number>(Tt - 1).fill(bos)];
  const chosen: number[] = [];
  const sourceIds = Tensor.of(source.ids, [1, source.ids.length], source.dtype, `data.${src}`);
  for (let t = 0; t < Tt; t++) {
    let logits: Tensor | null;
    try {
      logits = predictOf(s.trainer, { [src]: sourceIds, [tgt]: Tensor.of(fed, [1, Tt], source.dtype, `data.${tgt}`) });
    } catch {
      return null;
    }
    if (!logits || logits.size < Tt * V) return null;
    chosen.push(argmax(logits.data, t * V, V));
    if (t + 1 < Tt) fed[t + 1] = chosen[t];
  }
  return chosen;
}
