import type { TransformerBlockView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import type { EventInfo } from '../outline';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/** The residual stream through a block, by the block's node names (engine/layers/transformer_block.ts). */
const STREAM = {
  post: [
    ['residual1', 'x + Attn(x)'],
    ['ln1', 'h = LN₁(…)'],
    ['residual2', 'h + FFN(h)'],
    ['out', 'out = LN₂(…)'],
  ],
  pre: [
    ['residual1', 'h = x + Attn'],
    ['out', 'out = h + FFN'],
  ],
} as const;

/**
 * Each Transformer block of the model, for example 0 of the batch: ‖·‖₂ of the residual stream per
 * position at the block's input and after each residual sum and (post-norm) each norm; the mean and
 * biased variance per position of what each LayerNorm normalises; the learned position vectors
 * (`<embedding>.P`) when the model adds them. A point counts as computed once the cursor has reached
 * the op that makes it (the input: the op before the block's first).
 */
export function transformerView(s: SessionState): TransformerBlockView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const computed = computedAt(s);
  const out: TransformerBlockView[] = [];
  for (const l of s.trainer.layers) {
    if (l.kind !== 'transformer_block') continue;
    const events = new Map<string, { e: EventInfo; index: number }>();
    o.events.forEach((e, index) => {
      if (e.phase === 'forward' && e.layer === l.name && e.node && !events.has(e.node.name)) events.set(e.node.name, { e, index });
    });
    const at = (name: string) => events.get(`${l.name}/${name}`);
    const first = at('residual1');
    if (!first) continue;
    const norm = at('out')?.e.op === 'layer_norm' ? 'post' : 'pre';
    const x = first.e.node!.inputs[0];
    const [T, D] = x.shape.slice(-2);
    const firstIndex = Math.min(...[...events.values()].map((v) => v.index));
    const point = (node: string, label: string, t: Tensor | undefined, reached: boolean) => ({ node, label, computed: reached, norms: reached && t ? rowNorms(t, T, D) : new Array<number>(T).fill(0) });
    const stream = [point(x.name, 'x (input)', x, computed(firstIndex - 1))];
    for (const [name, label] of STREAM[norm]) {
      const ev = at(name);
      if (ev) stream.push(point(ev.e.node!.name, label, ev.e.node!.outputs[0], computed(ev.index)));
    }
    const layerNorms = [...events.values()]
      .filter(({ e }) => e.op === 'layer_norm')
      .map(({ e, index }, k) => {
        const reached = computed(index);
        const stats = reached ? rowStats(e.node!.inputs[0], T, D) : { mean: new Array<number>(T).fill(0), variance: new Array<number>(T).fill(0) };
        return { node: e.node!.name, label: `LN${k === 0 ? '₁' : '₂'} (${e.node!.name})`, computed: reached, ...stats };
      });
    out.push({ layer: l.name, norm, positions: T, stream, layerNorms, positional: positionsOf(s) });
  }
  return out;
}

/** ‖row‖₂ of the first T rows of width D (example 0 of a batch). */
function rowNorms(t: Tensor, T: number, D: number): number[] {
  return Array.from({ length: T }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < D; j++) sum += t.data[i * D + j] ** 2;
    return Math.sqrt(sum);
  });
}

/** Mean and biased variance (÷ D, as layer_norm) of the first T rows of width D. */
function rowStats(t: Tensor, T: number, D: number): { mean: number[]; variance: number[] } {
  const mean: number[] = [];
  const variance: number[] = [];
  for (let i = 0; i < T; i++) {
    let sum = 0;
    for (let j = 0; j < D; j++) sum += t.data[i * D + j];
    const m = sum / D;
    let sq = 0;
    for (let j = 0; j < D; j++) sq += (t.data[i * D + j] - m) ** 2;
    mean.push(m);
    variance.push(sq / D);
  }
  return { mean, variance };
}

/** The learned position vectors an embedding adds (`<embedding>/plus_positions`): the trainer's parameter, at its values now. */
function positionsOf(s: SessionState): TransformerBlockView['positional'] {
  const e = s.timeline.outline?.events.find((ev) => ev.phase === 'forward' && ev.node?.name.endsWith('/plus_positions'));
  const name = e?.node?.inputs[1]?.name;
  const P = s.trainer.layers.flatMap((l) => l.params).find((p) => p.name === name);
  if (!P || P.rank !== 2) return null;
  return { param: P.name, rows: P.shape[0], cols: P.shape[1], values: Array.from(P.data) };
}
