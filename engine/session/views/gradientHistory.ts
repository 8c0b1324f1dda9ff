import type { GradientHistoryView } from '../../protocol/views';
import type { SessionState } from '../state';

/** Steps sent at most; a longer run is evenly thinned (the chart cannot show more anyway). */
const POINTS = 1000;

/**
 * Per-layer gradient norms over training: every step before the cursor's (from the history, which
 * records each step the first time it runs, Continue and goto included), and the cursor's step once
 * its backward pass is done. Steps after the cursor's are left out, as in the loss curve: after a
 * Step Back they have not happened yet. Null while no step has gradients.
 */
export function gradientHistoryView(s: SessionState): GradientHistoryView | null {
  const step = s.cursor.step;
  const phase = s.location().phase;
  const current = phase === 'update' && !s.fault ? s.gradNormsOf(step) : null;
  const recorded = recordedGradNorms(s, step - 1, (name) => current !== null && name in current);
  if (recorded.steps.length === 0 && !current) return null;
  if (!current) return recorded;
  return {
    steps: [...recorded.steps, s.stepNumber(step)],
    layers: recorded.layers.map(({ layer, norms }) => ({ layer, norms: [...norms, known(current[layer] ?? NaN)] })),
    every: recorded.every,
  };
}

/**
 * The norms the history holds of steps 1 … `last` (evenly thinned to POINTS), per layer in model
 * order: the layers it has a column for, and those `also` names.
 */
export function recordedGradNorms(s: SessionState, last: number, also: (layer: string) => boolean = () => false): GradientHistoryView {
  const { steps, layers, every } = s.history.gradNorms(last, POINTS);
  const names = s.trainer.layers.map((l) => l.name).filter((name) => layers.has(name) || also(name));
  // Steps as the UI numbers them (a recording's own: 100, 101, …).
  return { steps: steps.map((k) => s.stepNumber(k)), layers: names.map((layer) => ({ layer, norms: (layers.get(layer) ?? steps.map(() => NaN)).map(known) })), every };
}

/**
 * JSON has no NaN or ∞: an unknown (or overflowed) norm travels as null. Six significant digits are
 * more than a log-scale chart can show, and halve what a long run sends at every stop.
 */
function known(n: number): number | null {
  return Number.isFinite(n) ? Number(n.toPrecision(6)) : null;
}
