import type { InspectorView } from '../../engine/protocol';

/**
 * Per-layer gradient norms over training steps, as this Inspector has seen them. The protocol sends
 * the current step's norms only, so the history is gathered here: the last backward/update stop of a
 * step wins (stepping back into an earlier step overwrites it with the same numbers).
 */
export class GradHistory {
  private readonly byStep = new Map<number, ReadonlyMap<string, number>>();
  private model = '';

  record(view: InspectorView): void {
    if (view.model.file !== this.model) {
      this.byStep.clear();
      this.model = view.model.file;
    }
    const phase = view.stop.location.phase;
    if (!view.gradients || (phase !== 'backward' && phase !== 'update')) return;
    this.byStep.set(view.stop.location.trainingStep, new Map(view.gradients.layers.map((l) => [l.layer, l.norm])));
  }

  /** Layer → points (step, norm), steps ascending. */
  series(): Map<string, { x: number; y: number }[]> {
    const out = new Map<string, { x: number; y: number }[]>();
    for (const step of [...this.byStep.keys()].sort((a, b) => a - b)) {
      for (const [layer, norm] of this.byStep.get(step) ?? []) {
        const list = out.get(layer) ?? [];
        list.push({ x: step, y: norm });
        out.set(layer, list);
      }
    }
    return out;
  }

  get steps(): number {
    return this.byStep.size;
  }
}
