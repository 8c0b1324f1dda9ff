import type { GraphView, SourceRange } from '../../engine/protocol';

/**
 * The lines a graph node stands for: its own range, else its layer's. A scope inside a layer
 * (`memory/t3`) takes the range of the ops inside it; failing all, the enclosing scope is tried.
 */
export function rangeOf(graph: GraphView, node: string): SourceRange | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (let id: string | null = node; id; id = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : null) {
    const n = byId.get(id);
    const range = n?.range ?? (n?.parent ? byId.get(n.parent)?.range : null) ?? graph.nodes.find((m) => m.range && m.id.startsWith(`${id}/`))?.range;
    if (range) return range;
  }
  return null;
}
