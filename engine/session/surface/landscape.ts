import { BackstepError } from '../../errors';
import type { LossSurfaceView, PathPoint } from '../../protocol/views';
import { boundsAround, lerp, SURFACE_GRID, thinPath } from './grid';
import { pointOf, project, trajectoryPlane } from './plane';
import type { LossProbe } from './probe';

/** Most trajectory points the plane is fitted to (the Gram matrix is n × n). */
export const PLANE_POINTS = 128;

/** What a landscape is computed from: copied when the request comes, so stepping meanwhile changes nothing. */
export interface LandscapeInput {
  readonly path: readonly { readonly step: number; readonly theta: Float64Array }[];
  /** The parameters at the cursor: the plane's origin and the marked point. */
  readonly current: Float64Array;
  readonly completedSteps: number;
  readonly base: Pick<LossSurfaceView, 'lossIs' | 'lr' | 'optimizer'>;
}

export interface LandscapeControl {
  readonly cancelled: () => boolean;
  /** Grid points done of all; told after every row. */
  readonly progress: (done: number, total: number) => void;
}

/**
 * The loss on an n × n grid of the trajectory's plane (./plane.ts) around the projected path, one
 * loss at a time: the generator yields after each, so that a worker can serve steps between them; a
 * cancel ends it with E_CANCELLED at the next loss.
 */
export function* landscape(input: LandscapeInput, probe: LossProbe, control: LandscapeControl, n = SURFACE_GRID): Generator<void, LossSurfaceView> {
  const fitted = thinPath(input.path, PLANE_POINTS);
  const plane = trajectoryPlane([...fitted.map((p) => p.theta), input.current], input.current);
  if (!plane) throw new BackstepError('E_ARGUMENT', `the path has ${input.path.length} point(s) and spans no plane yet: step through a few training steps first`);
  const path: PathPoint[] = [];
  const current: PathPoint = { step: input.completedSteps, at: [0, 0], loss: probe.at(input.current) };
  for (const p of thinPath(input.path)) {
    const at = project(plane, p.theta);
    // θ_k and the cursor after step k are one point, drawn once (as the cursor).
    if (p.step === current.step && Math.hypot(...at) === 0) continue;
    path.push({ step: p.step, at, loss: probe.at(p.theta) });
    yield;
  }
  const x = boundsAround([...path.map((p) => p.at[0]), 0], 1e-9);
  const y = boundsAround([...path.map((p) => p.at[1]), 0], 1e-9);
  const theta = new Float64Array(input.current.length);
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (control.cancelled()) throw new BackstepError('E_CANCELLED', `the loss landscape was cancelled after ${j * n + i} of ${n * n} points`);
      values.push(probe.at(pointOf(plane, lerp(x, i / (n - 1)), lerp(y, j / (n - 1)), theta)));
      yield;
    }
    control.progress((j + 1) * n, n * n);
  }
  const pc = (k: 0 | 1): LossSurfaceView['axes'][0] => ({ name: `PC${k + 1}`, meaning: `${Math.round(plane.explained[k] * 100)} % of the path’s variance`, explained: plane.explained[k] });
  return { ...input.base, plane: 'pca', axes: [pc(0), pc(1)], grid: { nx: n, ny: n, x, y, values }, path, current, completedSteps: input.completedSteps };
}
