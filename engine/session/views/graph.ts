import type { GraphEdge, GraphNode, GraphView } from '../../protocol/views';
import { l2norm } from '../../tensor/stats';
import type { Tensor } from '../../tensor/tensor';
import { computedAt } from '../present';
import type { SessionState } from '../state';

/**
 * The computation graph of this step at layer level with the forward ops inside each layer: data
 * and parameter tensors, layer groups, ops, and the loss. Edges carry the tensor that flows and,
 * once the backward pass has reached it, the norm of its gradient; an op's value norm is there once
 * the cursor has reached the op.
 */
export function graphView(s: SessionState): GraphView {
  const loc = s.location();
  const o = s.timeline.current === s.cursor.step ? s.timeline.outline : null;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const producer = new Map<Tensor, string>();
  const rangeOf = new Map(s.model.spec.layers.map((l) => [l.name, l.range]));
  for (const l of s.trainer.layers) {
    nodes.push(node(`layer:${l.name}`, `${l.name} (${l.kind})`, 'layer', null, null, rangeOf.get(l.name) ?? l.range));
    for (const p of l.params) {
      nodes.push({ ...node(p.name, p.name, 'param', `layer:${l.name}`, null, l.range), valueNorm: l2norm(p), gradNorm: p.grad ? l2norm(p.grad) : null, shape: [...p.shape] });
      producer.set(p, p.name);
    }
  }
  if (o?.events.some((e) => e.phase === 'loss')) nodes.push(node('layer:loss', 'loss', 'loss', null, null, s.model.spec.loss?.range ?? null));
  const computed = computedAt(s);
  // The loss's own gradient (1) is seeded when the step begins: no gradient counts before the backward pass.
  const backward = o !== null && computed(o.executedAtStart);
  const gradNorm = (t: Tensor): number | null => (backward && t.grad ? l2norm(t.grad) : null);
  for (const [i, e] of (o?.events ?? []).entries()) {
    if ((e.phase !== 'forward' && e.phase !== 'loss') || !e.node) continue;
    const n = e.node;
    const parent = e.layer ? `layer:${e.layer}` : null;
    for (const x of n.inputs) {
      let from = producer.get(x);
      if (!from) {
        from = x.name || `data:${x.id}`;
        producer.set(x, from);
        nodes.push({ ...node(from, x.name || 'data', 'data', null, null, null), valueNorm: l2norm(x), shape: [...x.shape] });
      }
      edges.push({ from, to: n.name, tensor: x.name, gradNorm: gradNorm(x) });
    }
    const y = n.outputs[0];
    nodes.push({ ...node(n.name, n.name.split('/').pop()!, 'op', parent, n.op, e.range), valueNorm: computed(i) ? l2norm(y) : null, gradNorm: gradNorm(y), shape: [...y.shape] });
    for (const out of n.outputs) producer.set(out, n.name);
  }
  return { nodes, edges, current: loc.node, currentLayer: loc.layer, phase: loc.phase };
}

function node(id: string, label: string, kind: GraphNode['kind'], parent: string | null, op: string | null, range: GraphNode['range']): GraphNode {
  return { id, label, kind, parent, op, range, valueNorm: null, gradNorm: null, shape: null };
}
