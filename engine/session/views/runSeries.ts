import type { RunSeries } from '../../protocol/views';
import type { SessionState } from '../state';
import { recordedGradNorms } from './gradientHistory';
import { LOSS_POINTS } from './training';

/**
 * This run's curves, every step it recorded wherever the cursor is now, thinned as the Inspector's
 * charts are: what a Restart keeps to draw under the next run's.
 */
export function runSeries(s: SessionState, run: number): RunSeries {
  const recorded = s.history.recorded;
  const norms = recordedGradNorms(s, recorded);
  const losses = s.history.losses(LOSS_POINTS).map((p) => ({ ...p, step: s.stepNumber(p.step) }));
  return { run, losses, gradientHistory: norms.steps.length > 0 ? norms : null };
}
