import type { GraphEdge, GraphNode, GraphView } from '../../protocol/views';
import { l2norm } from '../../tensor/stats';
import type { Tensor } from '../../tensor/tensor';
import type { EventInfo } from '../outline';
import { numberText } from '../format';
import { computedAt } from '../present';
import type { SessionState } from '../state';

type Place = Pick<GraphNode, 'parent' | 'layer' | 'scope' | 'timeStep'>;

const NOWHERE: Place = { parent: null, layer: null, scope: [], timeStep: null };

/**
 * The computation graph of this step at layer level with the forward ops inside each layer: data
 * and parameter tensors, layer groups, ops, and the loss. Edges carry the tensor that flows and,
 * once the backward pass has reached it, the norm of its gradient; an op's value norm is there once
 * the cursor has reached the op. Each node says where it sits (layer, scope path, time step), so
 * that no view takes its id apart. A layer within another (a recorded module inside another) gets
 * no box of its own: its ops and parameters sit in the box of the outermost layer around it, their
 * scope the module path, as an imported ONNX model's ops sit in its one layer.
 */
export function graphView(s: SessionState): GraphView {
  const loc = s.location();
  const o = s.timeline.current === s.cursor.step ? s.timeline.outline : null;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const producer = new Map<Tensor, string>();
  const rangeOf = new Map(s.model.spec.layers.map((l) => [l.name, l.range]));
  const computed = computedAt(s);
  // The loss's own gradient (1) is seeded when the step begins: no gradient counts before the backward pass.
  const backward = o !== null && computed(o.executedAtStart);
  const gradNorm = (t: Tensor): number | null => (backward && t.grad ? l2norm(t.grad) : null);
  const box = outermost(s.trainer.layers);
  for (const l of s.trainer.layers) {
    const inLayer: Place = { ...NOWHERE, parent: `layer:${box(l.name)}`, layer: l.name };
    if (box(l.name) === l.name) nodes.push(node(`layer:${l.name}`, `${l.name} (${l.kind})`, 'layer', { ...NOWHERE, layer: l.name }, null, rangeOf.get(l.name) ?? l.range));
    for (const p of l.params) {
      nodes.push({ ...node(p.name, p.name, 'param', inLayer, null, l.range), valueNorm: l2norm(p), gradNorm: gradNorm(p), shape: [...p.shape] });
      producer.set(p, p.name);
    }
  }
  if (o?.events.some((e) => e.phase === 'loss')) nodes.push(node('layer:loss', 'loss', 'loss', { ...NOWHERE, layer: 'loss' }, null, s.model.spec.loss?.range ?? null));
  for (const [i, e] of (o?.events ?? []).entries()) {
    if ((e.phase !== 'forward' && e.phase !== 'loss') || !e.node) continue;
    const n = e.node;
    const place: Place = { parent: e.layer ? `layer:${box(e.layer)}` : null, layer: e.layer, scope: [...n.scope], timeStep: e.timeStep };
    for (const x of n.inputs) {
      let from = producer.get(x);
      if (!from) {
        const one = !x.name && x.size === 1;
        from = x.name || `${one ? 'scalar' : 'data'}:${x.id}`;
        producer.set(x, from);
        nodes.push({ ...(one ? constant(from, x, place) : node(from, x.name || 'data', 'data', NOWHERE, null, null)), valueNorm: l2norm(x), shape: [...x.shape] });
      }
      edges.push({ from, to: n.name, tensor: x.name, shape: [...x.shape], gradNorm: gradNorm(x) });
    }
    // A recorded op may have no output (a backward op that sends nothing, an op whose result was not a tensor).
    const y = n.outputs.at(0);
    nodes.push({ ...node(n.name, localName(n.name, n.scope), 'op', place, n.op, e.range), valueNorm: y && computed(i) ? l2norm(y) : null, gradNorm: y ? gradNorm(y) : null, shape: y ? [...y.shape] : [] });
    for (const out of n.outputs) producer.set(out, n.name);
  }
  const at = o?.events[s.cursor.event];
  return { nodes, edges, current: currentNode(at, loc.node), currentLayer: loc.layer, phase: loc.phase };
}

/**
 * One number no op made and no name tells (the attention scale √d an imported model folded at load, a
 * recorded scalar whose producer was not recorded): drawn beside the op that reads it, in its layer,
 * labelled by its value.
 */
function constant(id: string, x: Tensor, place: Place): GraphNode {
  return node(id, numberText(x.data[0]), 'data', place, null, null);
}

/** The layer whose box holds each layer's nodes: the outermost one it is `within`. */
function outermost(layers: SessionState['trainer']['layers']): (name: string) => string {
  const within = new Map(layers.flatMap((l) => (l.within === undefined ? [] : [[l.name, l.within] as const])));
  return (name) => {
    let top = name;
    for (let up = within.get(top); up !== undefined && up !== name; up = within.get(top)) top = up;
    return top;
  };
}

/** The node's name inside its scope: `memory/t3/gate_f` in `['memory', 't3']` → `gate_f`. */
function localName(name: string, scope: readonly string[]): string {
  return scope.length === 0 ? name : name.slice(scope.join('/').length + 1);
}

/** The graph node of a stop: an update stands on the parameter it changes; a clip on none. */
function currentNode(e: EventInfo | undefined, node: string | null): string | null {
  if (e?.phase !== 'update') return node;
  return e.param;
}

function node(id: string, label: string, kind: GraphNode['kind'], place: Place, op: string | null, range: GraphNode['range']): GraphNode {
  return { id, label, kind, ...place, op, range, valueNorm: null, gradNorm: null, shape: null };
}
