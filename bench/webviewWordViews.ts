import type { InspectorView } from '../engine/protocol';

/**
 * The word-embedding views of a stop with their numbers scaled by f (as the next stop of stepping
 * gives new ones), so that the bench times them drawn again rather than skipped as unchanged.
 */
export function steppedWordViews(view: InspectorView, f: number): Partial<InspectorView> {
  const k = (x: number | null): number | null => (x === null ? null : x * f);
  const h = view.huffman;
  const n = view.negativeSampling;
  const scored = <T extends { score: number | null; sigma: number | null }>(w: T): T => ({ ...w, score: k(w.score), sigma: k(w.sigma) });
  return {
    huffman: h && { ...h, example: h.example && { ...h.example, probability: k(h.example.probability), path: h.example.path.map((p) => ({ ...p, sigma: k(p.sigma), grad: k(p.grad) })) } },
    negativeSampling: n && { ...n, example: n.example && { ...n.example, positive: scored(n.example.positive), negatives: n.example.negatives.map(scored) } },
    glove: view.glove && { ...view.glove, residuals: view.glove.residuals.map(k) },
    fastText: view.fastText && { ...view.fastText, parts: view.fastText.parts.map((p) => ({ ...p, share: k(p.share) })) },
  };
}
