import type { EmbeddingView } from '../../engine/protocol';

/**
 * Neighbour and analogy queries on the Inspector's 2-D projection (the protocol ships the projected
 * points only). Good enough to see clusters form; the debugger's Evaluate works on the full vectors.
 */
export interface Neighbour {
  readonly word: string;
  readonly distance: number;
}

function pointOf(view: EmbeddingView, word: string): readonly [number, number] | null {
  const i = view.words.indexOf(word);
  return i < 0 ? null : view.points[i];
}

function nearestTo(view: EmbeddingView, target: readonly [number, number], exclude: ReadonlySet<string>, k: number): Neighbour[] {
  return view.words
    .map((word, i) => ({ word, distance: Math.hypot(view.points[i][0] - target[0], view.points[i][1] - target[1]) }))
    .filter((n) => !exclude.has(n.word))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, k);
}

export function nearest(view: EmbeddingView, word: string, k = 5): Neighbour[] | null {
  const p = pointOf(view, word);
  return p ? nearestTo(view, p, new Set([word]), k) : null;
}

/** a − b + c: `king − man + woman` → the words nearest to that point. */
export function analogy(view: EmbeddingView, a: string, b: string, c: string, k = 3): Neighbour[] | null {
  const [pa, pb, pc] = [pointOf(view, a), pointOf(view, b), pointOf(view, c)];
  if (!pa || !pb || !pc) return null;
  return nearestTo(view, [pa[0] - pb[0] + pc[0], pa[1] - pb[1] + pc[1]], new Set([a, b, c]), k);
}
