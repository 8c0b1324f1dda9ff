import type { GateActivation, GateMap, GateView } from '../../protocol/views';
import { hasValues } from '../../tensor/stats';
import { engineOpName } from '../../trace/opName';
import { computedAt } from '../present';
import type { SessionState } from '../state';
import { recurrentScope, timeStepNodes, type TimeStepNode } from '../summary';

const CELLS = new Set(['lstm', 'gru', 'gru_torch', 'rnn']);

/** The ops a gate's values can come from, by name (the protocol's `GateActivation`). */
const ACTIVATIONS: Readonly<Record<GateActivation, true>> = { sigmoid: true, tanh: true, relu: true, leaky_relu: true, elu: true, silu: true };

/**
 * Gate activations of every recurrent layer in this step: one heatmap per gate, rows = time steps,
 * columns = units, for the first sequence of the batch. A plain RNN has no gates: its h is shown.
 * Only the time steps the cursor has reached carry values; each gate says which activation made it.
 */
export function gatesView(s: SessionState): GateView[] {
  const o = s.timeline.outline;
  if (!o) return [];
  const here = s.location();
  const hereScope = o.events[s.cursor.event]?.timeScope;
  const hereLayer = hereScope ? recurrentScope(hereScope) : null;
  const computed = computedAt(s);
  const kinds = new Map(s.trainer.layers.map((l) => [l.name, l.kind]));
  const cells = s.timeline.run?.tape.cells;
  const out: GateView[] = [];
  for (const [layer, byKey] of timeStepNodes(o)) {
    // The cell the tape ran there (also inside an imported graph); a recording's module class (`LSTM`) names the same cells.
    const kind = (cells?.get(layer) ?? kinds.get(layer) ?? 'rnn').toLowerCase();
    const keys = [...byKey.keys()].filter((k) => k.startsWith('gate_') || k === 'candidate');
    const shown = keys.length ? keys : ['h'];
    const gates = shown.filter((k) => byKey.has(k)).map((k) => heatmap(k, byKey.get(k)!, computed));
    out.push({ layer, cell: (CELLS.has(kind) ? kind : 'rnn') as GateView['cell'], currentTimeStep: hereLayer === layer ? here.timeStep : null, batchIndex: 0, gates });
  }
  return out;
}

function heatmap(name: string, steps: readonly (TimeStepNode | undefined)[], computed: (event: number) => boolean): GateMap {
  const first = steps.find(Boolean)?.node;
  const units = first ? first.outputs[0].shape[first.outputs[0].rank - 1] : 0;
  const reached: boolean[] = [];
  const values: number[] = [];
  for (let t = 0; t < steps.length; t++) {
    const n = steps[t];
    reached.push(n !== undefined && computed(n.event));
    const kept = reached[t] && hasValues(n!.node.outputs[0]);
    for (let u = 0; u < units; u++) values.push(kept ? n!.node.outputs[0].data[u] : 0);
  }
  const op = first ? engineOpName(first.op) : '';
  const activation = Object.hasOwn(ACTIVATIONS, op) ? (op as GateActivation) : null;
  return { name, activation, steps: steps.length, units, computed: reached, values };
}
