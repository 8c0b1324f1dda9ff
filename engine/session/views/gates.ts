import type { GateView } from '../../protocol/views';
import type { Tensor } from '../../tensor/tensor';
import type { SessionState } from '../state';
import { timeStepTensors } from '../summary';

const CELLS = new Set(['lstm', 'gru', 'gru_torch', 'rnn']);

/**
 * Gate activations of every recurrent layer in this step: one heatmap per gate, rows = time steps,
 * columns = units, for the first sequence of the batch. A plain RNN has no gates: its h is shown.
 */
export function gatesView(s: SessionState): GateView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const here = s.location();
  const kinds = new Map(s.trainer.layers.map((l) => [l.name, l.kind]));
  const out: GateView[] = [];
  for (const [layer, byKey] of timeStepTensors(o)) {
    const kind = kinds.get(layer) ?? 'rnn';
    const keys = [...byKey.keys()].filter((k) => k.startsWith('gate_') || k === 'candidate');
    const shown = keys.length ? keys : ['h'];
    const gates = shown.filter((k) => byKey.has(k)).map((k) => heatmap(k, byKey.get(k)!));
    out.push({ layer, cell: (CELLS.has(kind) ? kind : 'rnn') as GateView['cell'], currentTimeStep: here.layer === layer ? here.timeStep : null, batchIndex: 0, gates });
  }
  return out;
}

function heatmap(name: string, steps: readonly Tensor[]): GateView['gates'][number] {
  const first = steps.find(Boolean);
  const units = first ? first.shape[first.rank - 1] : 0;
  const values: number[] = [];
  for (const t of steps) for (let u = 0; u < units; u++) values.push(t ? t.data[u] : NaN);
  return { name, steps: steps.length, units, values };
}
