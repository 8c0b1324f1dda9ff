import { classNamesOf } from '../../data/loaded';
import type { MistakesView, MistakeView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/** Images sent at one stop: a screenful, 64 numbers each. */
export const MISTAKES_SHOWN = 24;

/**
 * The batch's misclassified images. Applies when the data is a table with `image: [h, w]` and the
 * loss is cross_entropy on its input's rows: the loss node's logits give the prediction
 * (argmax, with p = softmax(logits)[argmax]), its target the true class, and the first forward
 * op's data input the pixels. Null for any other model.
 */
export function mistakesView(s: SessionState): MistakesView | null {
  const data = s.model.spec.data;
  const loaded = data.source === 'table' ? data.loaded : undefined;
  const image = loaded?.image;
  const o = s.timeline.outline;
  if (!image || !o) return null;
  const lossAt = o.events.findIndex((e) => e.phase === 'loss' && e.op === 'cross_entropy');
  const loss = o.events[lossAt]?.node;
  const x = o.events.find((e) => e.phase === 'forward' && e.node)?.node?.inputs.find((t) => !t.requiresGrad);
  if (!loss || !x || x.rank !== 2) return null;
  const [height, width] = image;
  const [logits, target] = loss.inputs;
  const batch = x.shape[0];
  const empty = { height, width, range: [0, 1] as const, batch, wrong: 0, shown: MISTAKES_SHOWN, examples: [] };
  if (s.timeline.current !== s.cursor.step || !computedAt(s)(lossAt) || logits.shape[0] !== batch) return { ...empty, computed: false };
  const names = classNamesOf(loaded);
  const label = (id: number) => ({ id, label: names?.[id] ?? String(id) });
  const examples: MistakeView[] = [];
  let wrong = 0;
  for (let r = 0; r < batch; r++) {
    const { id, probability } = prediction(logits, r);
    const truth = target.data[r];
    if (id === truth) continue;
    wrong++;
    if (examples.length < MISTAKES_SHOWN) {
      examples.push({ row: r, pixels: Array.from(x.data.subarray(r * height * width, (r + 1) * height * width)), trueClass: label(truth), predicted: label(id), probability });
    }
  }
  return { ...empty, computed: true, range: extent(x), wrong, examples };
}

/** argmax of row r and its softmax probability, 1 / Σ exp(z_j − z_max). */
function prediction(logits: Tensor, r: number): { id: number; probability: number } {
  const c = logits.shape[1];
  const z = logits.data.subarray(r * c, (r + 1) * c);
  let id = 0;
  for (let j = 1; j < c; j++) if (z[j] > z[id]) id = j;
  let sum = 0;
  for (let j = 0; j < c; j++) sum += Math.exp(z[j] - z[id]);
  return { id, probability: 1 / sum };
}

function extent(x: Tensor): readonly [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}
