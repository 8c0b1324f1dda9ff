import { BackstepError } from '../../errors';
import type { LossSurfaceView, RaceView } from '../../protocol/views';
import type { SessionState } from '../state';
import { lossSurfaceView, probeOf } from '../views/lossSurface';
import { landscape, type LandscapeControl } from './landscape';
import type { JobYield } from './pool';
import { race } from './race';
import { flatten } from './trajectory';

/** Largest landscape grid side a request may ask for (201² losses). */
export const LANDSCAPE_MAX_SIZE = 201;

/** `race`: only for a model with two parameters (its surface is the `weights` plane). */
export function raceOf(s: SessionState): RaceView {
  const probe = probeOf(s);
  if (!probe || probe.size !== 2) throw new BackstepError('E_ARGUMENT', 'the race of optimizers is drawn for a model with exactly two parameters (samples/optimizers.nn.yaml)');
  const start = s.trajectory.upTo(0)[0];
  if (!start) throw new BackstepError('E_ARGUMENT', 'the run has no recorded initialisation to race from');
  return race(s.model, start.theta, probe);
}

/**
 * `landscape`: what it is computed from is taken now (the path up to the cursor, the parameters at
 * it), so that steps taken while it runs change nothing; the returned generator does the work.
 */
export function landscapeOf(s: SessionState, size: number, control: LandscapeControl): Generator<JobYield, LossSurfaceView> {
  const probe = probeOf(s);
  const view = lossSurfaceView(s);
  if (!probe || !view) throw new BackstepError('E_ARGUMENT', 'this model’s loss has no value over the whole data set, so it has no loss landscape');
  if (!Number.isInteger(size) || size < 2 || size > LANDSCAPE_MAX_SIZE) throw new BackstepError('E_ARGUMENT', `invalid landscape size ${size}: a whole number in 2…${LANDSCAPE_MAX_SIZE}`);
  const done = s.trainer.completedSteps;
  const input = { path: s.trajectory.upTo(done), current: flatten(s.trainer.layers.flatMap((l) => l.params)), completedSteps: done, base: { lossIs: view.lossIs, lr: view.lr, optimizer: view.optimizer } };
  return landscape(input, probe, control, size);
}
