import { BackstepError } from '../../errors';
import type { LossSurfaceView, PathPoint } from '../../protocol/views';
import { boundsAround, lerp, SURFACE_GRID, thinPath } from './grid';
import { pointOf, project, trajectoryPlane, type Plane } from './plane';
import type { GridTask } from './gridTask';
import { PlaneLosses } from './planeLosses';
import type { JobYield, LandscapePool } from './pool';
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
  /** Threads for the grid of a dense chain (absent: it is computed here, in slices). */
  readonly pool?: LandscapePool;
  /** Registers what a cancel calls at once, so that a job waiting on the pool ends without waiting for a row. */
  readonly onCancel?: (wake: () => void) => void;
}

/**
 * The loss on an n × n grid of the trajectory's plane (./plane.ts) around the projected path. The
 * generator yields after each loss computed here, so that a worker can serve steps between them, or
 * a promise while the pool's threads compute the rows; a cancel ends it with E_CANCELLED at the next
 * loss (or at once, waiting on the pool). A dense chain's grid is computed by ./planeLosses.ts, any
 * other model's by the probe, one forward pass per point.
 */
export function* landscape(input: LandscapeInput, probe: LossProbe, control: LandscapeControl, n = SURFACE_GRID): Generator<JobYield, LossSurfaceView> {
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
  const chain = probe.chain();
  const task: GridTask | null = chain && { chain, plane: { origin: plane.origin, directions: plane.directions }, x, y, n };
  const losses = task && new PlaneLosses(task.chain, task.plane);
  // At the origin the chain computes exactly the engine's products: anything else is a chain misread, and the probe takes over.
  const fast = losses && losses.at(0, 0) === current.loss ? losses : null;
  const values = fast && task && control.pool ? yield* pooled(task, control.pool, control) : yield* here(plane, x, y, n, fast ?? probe, control);
  const pc = (k: 0 | 1): LossSurfaceView['axes'][0] => ({ name: `PC${k + 1}`, meaning: `${Math.round(plane.explained[k] * 100)} % of the path’s variance`, explained: plane.explained[k] });
  return { ...input.base, plane: 'pca', axes: [pc(0), pc(1)], grid: { nx: n, ny: n, x, y, values }, path, current, completedSteps: input.completedSteps };
}

/** Row after row in this thread, a yield after each loss. */
function* here(plane: Plane, x: readonly [number, number], y: readonly [number, number], n: number, losses: PlaneLosses | LossProbe, control: LandscapeControl): Generator<JobYield, number[]> {
  const theta = new Float64Array(plane.origin.length);
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (control.cancelled()) throw cancelled(j * n + i, n);
      const [a, b] = [lerp(x, i / (n - 1)), lerp(y, j / (n - 1))];
      values.push(losses instanceof PlaneLosses ? losses.at(a, b) : losses.at(pointOf(plane, a, b, theta)));
      yield;
    }
    control.progress((j + 1) * n, n * n);
  }
  return values;
}

/** The rows computed by the pool's threads, put in order as they come; the generator waits on a promise meanwhile. */
function* pooled(task: GridTask, pool: LandscapePool, control: LandscapeControl): Generator<JobYield, number[]> {
  const { n } = task;
  const values = new Array<number>(n * n);
  let rows = 0;
  let failure: string | null = null;
  let wake = (): void => undefined;
  const run = pool.run(
    task,
    (j, row) => {
      for (let i = 0; i < n; i++) values[j * n + i] = row[i];
      rows++;
      control.progress(rows * n, n * n);
      wake();
    },
    (message) => {
      failure = message;
      wake();
    },
  );
  control.onCancel?.(() => wake());
  try {
    while (rows < n) {
      if (failure !== null) throw new Error(`the loss landscape failed on a thread: ${failure}`);
      if (control.cancelled()) throw cancelled(rows * n, n);
      yield new Promise<void>((resolve) => (wake = resolve));
    }
    return values;
  } finally {
    if (rows < n) run.cancel();
  }
}

function cancelled(done: number, n: number): BackstepError {
  return new BackstepError('E_CANCELLED', `the loss landscape was cancelled after ${done} of ${n * n} points`);
}
