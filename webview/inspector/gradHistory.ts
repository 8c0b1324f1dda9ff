import type { InspectorView } from '../../engine/protocol';

/**
 * Per-layer gradient norms over training steps, as the session's history has them: every step run
 * before the current one, and the current one once its backward pass is done (the view carries them,
 * so a Continue over many steps leaves no gaps). Unknown norms (null) are left out of the lines.
 */
export class GradHistory {
  private view: InspectorView['gradientHistory'] = null;

  record(view: InspectorView): void {
    this.view = view.gradientHistory ?? null;
  }

  /** Layer → points (step, norm), steps ascending. */
  series(): Map<string, { x: number; y: number }[]> {
    const out = new Map<string, { x: number; y: number }[]>();
    const h = this.view;
    if (!h) return out;
    for (const { layer, norms } of h.layers) {
      const points: { x: number; y: number }[] = [];
      norms.forEach((y, k) => {
        if (y !== null) points.push({ x: h.steps[k], y });
      });
      out.set(layer, points);
    }
    return out;
  }

  /** Training steps in the history. */
  get steps(): number {
    return this.view?.steps.length ?? 0;
  }

  /** `steps 1 … 12, every step` / `steps 1 … 3000, every 3rd step shown`. */
  describe(): string {
    const h = this.view;
    if (!h || h.steps.length === 0) return '';
    const range = h.steps.length === 1 ? `step ${h.steps[0]}` : `steps ${h.steps[0]} … ${h.steps[h.steps.length - 1]}`;
    return `${range}: ${h.every <= 1 ? 'every step run so far' : `one point every ≈${h.every} steps`} (${h.steps.length} points per layer).`;
  }
}
