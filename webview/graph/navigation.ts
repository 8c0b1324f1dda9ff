import type { Placed } from './layout';
import type { VisibleGraph } from './visibleGraph';

/**
 * Keyboard moves between drawn nodes: along the edges (to what this node feeds, or what feeds it),
 * or to the nearest node beside it. Boxes holding other boxes are skipped unless collapsed.
 */
export type Move = 'next' | 'previous' | 'left' | 'right';

export function neighbour(graph: VisibleGraph, boxes: ReadonlyMap<string, Placed>, from: string, move: Move): string | null {
  const here = boxes.get(from);
  if (!here) return null;
  const centre = (p: Placed): [number, number] => [p.x + p.width / 2, p.y + p.height / 2];
  const [cx, cy] = centre(here);
  const byDistance = (ids: Iterable<string>): string | null => {
    let best: string | null = null;
    let bestD = Infinity;
    for (const id of ids) {
      const p = boxes.get(id);
      if (!p) continue;
      const [x, y] = centre(p);
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestD) [best, bestD] = [id, d];
    }
    return best;
  };
  if (move === 'next') return byDistance(graph.links.filter((l) => l.from === from).map((l) => l.to));
  if (move === 'previous') return byDistance(graph.links.filter((l) => l.to === from).map((l) => l.from));
  const leaves = [...graph.boxes.values()].filter((b) => b.children.length === 0 && b.id !== from).map((b) => b.id);
  const side = leaves.filter((id) => {
    const p = boxes.get(id);
    if (!p) return false;
    const [x, y] = centre(p);
    const dx = x - cx;
    return (move === 'right' ? dx > 1 : dx < -1) && Math.abs(y - cy) <= Math.abs(dx) + here.height;
  });
  return byDistance(side);
}

/** Where keyboard navigation starts: the current op, else the first node in reading order. */
export function firstNode(graph: VisibleGraph, boxes: ReadonlyMap<string, Placed>): string | null {
  let best: string | null = null;
  let key = Infinity;
  for (const b of graph.boxes.values()) {
    if (b.children.length > 0) continue;
    const p = boxes.get(b.id);
    if (p && p.y * 1e4 + p.x < key) [best, key] = [b.id, p.y * 1e4 + p.x];
  }
  return best;
}
