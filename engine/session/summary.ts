import type { TapeNode } from '../autograd/node';
import { dict } from '../dict';
import { hasValues, statsOf, sumSquaresOf } from '../tensor/stats';
import { Tensor } from '../tensor/tensor';
import type { LayerParams, StepOutline } from './outline';

/**
 * Small numbers that summarise one training step: what the history keeps and the Inspector plots.
 * All of them read the tape by its stable names (`memory/t3/h`, `memory/t3/gate_f`, `attend/weights`).
 */

/** ‖∂L/∂θ‖ over all parameters of each layer that has any; gradients not reached yet count as 0. */
export function layerGradNorms(layers: readonly LayerParams[]): Record<string, number> {
  const out = dict<number>();
  for (const l of layers) {
    if (l.params.length === 0) continue;
    let sq = 0;
    for (const p of l.params) if (p.grad) sq += sumSquaresOf(p.grad);
    out[l.name] = Math.sqrt(sq);
  }
  return out;
}

/** Global gradient norm over every parameter. */
export function totalGradNorm(layers: readonly LayerParams[]): number {
  let sq = 0;
  for (const l of layers) for (const p of l.params) if (p.grad) sq += sumSquaresOf(p.grad);
  return Math.sqrt(sq);
}

/** A forward node inside a recurrent time step, and its index among the step's events. */
export interface TimeStepNode {
  readonly event: number;
  readonly node: TapeNode;
}

/** Forward nodes of every recurrent layer per time step, by local name: layer → key → [t] → node. */
export function timeStepNodes(o: StepOutline): Map<string, Map<string, TimeStepNode[]>> {
  const out = new Map<string, Map<string, TimeStepNode[]>>();
  o.events.forEach((e, event) => {
    if (e.phase !== 'forward' || !e.node || e.timeStep === null || !e.timeScope || !e.layer || !firstExample(e.node.scope)) return;
    const key = e.node.name.slice(e.timeScope.length + 1);
    if (key.includes('/')) return;
    const layer = recurrentScope(e.timeScope);
    const byKey = out.get(layer) ?? new Map<string, TimeStepNode[]>();
    out.set(layer, byKey);
    const list = byKey.get(key) ?? [];
    byKey.set(key, list);
    list[e.timeStep] = { event, node: e.node };
  });
  return out;
}

/**
 * The recurrent layer of a time step: the scope just above `t<k>` (`memory/t3` → `memory`; an
 * imported node `enc/rnn/LSTM_1/t3` → `enc/rnn/LSTM_1`, so stacked nodes of one onnx layer stay apart).
 */
export function recurrentScope(timeScope: string): string {
  return timeScope.slice(0, timeScope.lastIndexOf('/'));
}

/** Forward tensors of every recurrent layer per time step, by local name: layer → key → [t] → tensor. */
export function timeStepTensors(o: StepOutline): Map<string, Map<string, Tensor[]>> {
  const out = new Map<string, Map<string, Tensor[]>>();
  for (const [layer, byKey] of timeStepNodes(o)) out.set(layer, new Map([...byKey].map(([key, list]) => [key, Array.from(list, (n) => n?.node.outputs[0])])));
  return out;
}

/** Layers that run one example at a time use scopes `b<k>`; views show example 0. */
export function firstExample(scope: readonly string[]): boolean {
  return !scope.some((p) => /^b[1-9]\d*$/.test(p));
}

/** ‖∂L/∂h_t‖ per time step of each recurrent layer (0 where no gradient has arrived). */
export function timeStepGradNorms(o: StepOutline): Record<string, number[]> {
  const out = dict<number[]>();
  for (const [layer, norms] of Object.entries(timeStepGradNormsSoFar(o))) out[layer] = norms.map((n) => n ?? 0);
  return out;
}

/** ‖∂L/∂h_t‖ per time step of each recurrent layer, null where no gradient has arrived yet. */
export function timeStepGradNormsSoFar(o: StepOutline): Record<string, (number | null)[]> {
  const out = dict<(number | null)[]>();
  for (const [layer, byKey] of timeStepTensors(o)) {
    const hs = byKey.get('h');
    if (hs) out[layer] = Array.from(hs, (h) => (h?.grad ? Math.sqrt(sumSquares(h.grad.data)) : null));
  }
  return out;
}

/** Layers whose parameters have received a gradient in this step (any of them). */
export function layersReached(layers: readonly LayerParams[]): Set<string> {
  return new Set(layers.filter((l) => l.params.some((p) => p.grad !== null)).map((l) => l.name));
}

/** Mean activation of each gate over all time steps: `memory.gate_f` → 0.71. */
export function gateMeans(o: StepOutline): Record<string, number> {
  const out = dict<number>();
  for (const [layer, byKey] of timeStepTensors(o)) {
    for (const [key, list] of byKey) {
      if (!key.startsWith('gate_')) continue;
      let sum = 0;
      let n = 0;
      for (const t of list) {
        if (!t) continue;
        // A recording's statistics-only gate: its recorded mean.
        if (hasValues(t)) for (let i = 0; i < t.size; i++) sum += t.data[i];
        else sum += statsOf(t).mean * t.size;
        n += t.size;
      }
      out[`${layer}.${key}`] = n ? sum / n : NaN;
    }
  }
  return out;
}

/** The engine's softmax, and a recording's (`aten::softmax`, `aten::_softmax.default`). */
const SOFTMAX = /^(softmax|aten::_?softmax(\..*)?)$/;

/**
 * Forward attention weights (softmax outputs named `…/weights`, with values) by layer (or by the module
 * frame they lie in), with the index of their event;
 * and those of imported graphs (`imported`: tape name → heads), by their module scope, one entry per head.
 */
export function attentionWeights(o: StepOutline, imported: ReadonlyMap<string, number> = new Map()): Map<string, { node: string; event: number; weights: Tensor }[]> {
  const out = new Map<string, { node: string; event: number; weights: Tensor }[]>();
  const add = (key: string, entry: { node: string; event: number; weights: Tensor }) => {
    const list = out.get(key) ?? [];
    out.set(key, list);
    list.push(entry);
  };
  o.events.forEach((e, event) => {
    if (e.phase !== 'forward' || !e.node || !SOFTMAX.test(e.op) || !e.layer) return;
    const heads = imported.get(e.node.name);
    if (heads) {
      for (const weights of exampleHeads(e.node.outputs[0], heads)) add(e.node.scope.join('/'), { node: e.node.name, event, weights });
      return;
    }
    // A recording's attention module may lie below its layer (`encoder` › `layers.0` › `self_attn`): keyed by its module frame.
    const module = e.frames.filter((f) => f.kind === 'module').at(-1);
    if (e.node.name.endsWith('/weights') && hasValues(e.node.outputs[0])) add(module ? module.scope.join('/') : e.layer, { node: e.node.name, event, weights: e.node.outputs[0] });
  });
  return out;
}

/** The (Tq, Tk) weights of each head of example 0: the first `heads` matrices of (B, heads, …) or (B·heads, …). */
function exampleHeads(y: Tensor, heads: number): Tensor[] {
  const [tq, tk] = y.shape.slice(-2);
  const n = tq * tk;
  return Array.from({ length: heads }, (_, h) => new Tensor(y.data.subarray(h * n, (h + 1) * n), [tq, tk], y.name));
}

/** Mean entropy (nats) of the attention rows of each attention layer. */
export function attentionEntropy(o: StepOutline, imported?: ReadonlyMap<string, number>): Record<string, number> {
  const out = dict<number>();
  for (const [layer, list] of attentionWeights(o, imported)) {
    let sum = 0;
    let rows = 0;
    for (const { weights } of list) {
      const k = weights.shape[weights.rank - 1] ?? 1;
      for (let r = 0; r + k <= weights.size; r += k) {
        let h = 0;
        for (let j = 0; j < k; j++) {
          const p = weights.data[r + j];
          if (p > 0) h -= p * Math.log(p);
        }
        sum += h;
        rows++;
      }
    }
    out[layer] = rows ? sum / rows : NaN;
  }
  return out;
}

export function sumSquares(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
}
