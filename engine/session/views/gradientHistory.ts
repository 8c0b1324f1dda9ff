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
  const { steps, layers, every } = s.history.gradNorms(step - 1, POINTS);
  const phase = s.location().phase;
  const current = phase === 'update' && !s.fault ? s.gradNormsOf(step) : null;
  if (steps.length === 0 && !current) return null;
  const names = s.trainer.layers.map((l) => l.name).filter((name) => layers.has(name) || (current && name in current));
  return {
    steps: current ? [...steps, step] : steps,
    layers: names.map((layer) => {
      const norms = (layers.get(layer) ?? steps.map(() => NaN)).map(known);
      return { layer, norms: current ? [...norms, known(current[layer] ?? NaN)] : norms };
    }),
    every,
  };
}

/**
 * JSON has no NaN or ∞: an unknown (or overflowed) norm travels as null. Six significant digits are
 * more than a log-scale chart can show, and halve what a long run sends at every stop.
 */
function known(n: number): number | null {
  return Number.isFinite(n) ? Number(n.toPrecision(6)) : null;
}
