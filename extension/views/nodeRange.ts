import type { GraphView, NodeRef, SourceRange } from '../../engine/protocol';

/** The lines a graph node stands for: its own range, else its parent's, else its layer's. */
export function rangeOf(graph: GraphView, { node, layer }: NodeRef): SourceRange | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const n = byId.get(node);
  const parent = n?.parent ? byId.get(n.parent) : undefined;
  const box = layer === null ? undefined : graph.nodes.find((m) => (m.kind === 'layer' || m.kind === 'loss') && m.layer === layer);
  return n?.range ?? parent?.range ?? box?.range ?? null;
}
