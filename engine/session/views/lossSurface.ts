import type { LossSurfaceView, PathPoint, SurfaceGrid } from '../../protocol/views';
import type { SessionState } from '../state';
import { boundsAround, gridOf, thinPath } from '../surface/grid';
import { LossProbe } from '../surface/probe';
import { flatten } from '../surface/trajectory';
import { optimizerLabel } from '../surface/race';

/** Grids kept per session (by bounds): stepping back and forth across a bound change redraws without recomputing. */
const GRIDS_KEPT = 8;

/** Per session state: its probe, the last grids (each kept while the path stays inside it) and losses by point. */
interface Cache {
  /** Built on first use: it is a second trainer, and only a two-parameter view or a landscape needs it. */
  probe?: LossProbe | null;
  readonly grids: Map<string, SurfaceGrid>;
  readonly losses: Map<string, number>;
}

const caches = new WeakMap<SessionState, Cache>();

function cacheOf(s: SessionState): Cache {
  let c = caches.get(s);
  if (!c) {
    c = { grids: new Map(), losses: new Map() };
    caches.set(s, c);
  }
  return c;
}

/** The probe of a session (built once): the whole-data-set loss at any θ. */
export function probeOf(s: SessionState): LossProbe | null {
  const c = cacheOf(s);
  if (c.probe === undefined) c.probe = s.trainer.readOnly ? null : LossProbe.of(s.model);
  return c.probe;
}

/**
 * The optimizer's path on the loss surface at the cursor. A model with two parameters gets the
 * exact loss around its path (the `weights` plane); any other the `pca` stop view, whose plane, grid
 * and path are computed on request (../surface/landscape.ts). Null when the loss has no value over
 * the whole data set.
 */
export function lossSurfaceView(s: SessionState): LossSurfaceView | null {
  const c = cacheOf(s);
  // A recording cannot be evaluated elsewhere; a model without a loss (word vectors) has no whole-data loss.
  if (s.fault || s.trainer.readOnly || !s.model.spec.loss) return null;
  const params = s.trainer.layers.flatMap((l) => l.params);
  const done = s.trainer.completedSteps;
  const lossKind = s.model.spec.loss.kind;
  if (params.reduce((n, p) => n + p.size, 0) !== 2) {
    const base = { lossIs: `${lossKind} loss, mean over every example of the training data`, completedSteps: done, lr: s.model.spec.training.lr, optimizer: runOptimizer(s) };
    return { ...base, plane: 'pca', axes: [{ name: 'PC1', meaning: 'first principal direction of the path' }, { name: 'PC2', meaning: 'second principal direction of the path' }], grid: null, path: [], current: null };
  }
  const probe = probeOf(s);
  if (!probe) return null;
  const base = { lossIs: probe.describe(lossKind), completedSteps: done, lr: s.model.spec.training.lr, optimizer: runOptimizer(s) };
  const loss = (a: number, b: number): number => {
    const key = `${a},${b}`;
    let l = c.losses.get(key);
    if (l === undefined) {
      l = probe.at([a, b]);
      if (c.losses.size > 100_000) c.losses.clear();
      c.losses.set(key, l);
    }
    return l;
  };
  const point = (step: number, theta: ArrayLike<number>): PathPoint => ({ step, at: [theta[0], theta[1]], loss: loss(theta[0], theta[1]) });
  const current = point(done, flatten(params));
  const path = thinPath(s.trajectory.upTo(done)).map((p) => point(p.step, p.theta)).filter((p) => !same(p, current));
  const all = [...path, current];
  const x = boundsAround(all.map((p) => p.at[0]));
  const y = boundsAround(all.map((p) => p.at[1]));
  const key = [...x, ...y].join(',');
  let grid = c.grids.get(key);
  if (!grid) {
    grid = gridOf(x, y, (a, b) => probe.at([a, b]));
    if (c.grids.size >= GRIDS_KEPT) c.grids.delete(c.grids.keys().next().value!);
    c.grids.set(key, grid);
  }
  return { ...base, plane: 'weights', axes: axisNames(params.map((p) => ({ name: p.name, size: p.size }))), grid, path, current };
}

/** The cursor's point is drawn once: θ_k and the cursor after step k are the same point. */
export function same(a: PathPoint, b: PathPoint): boolean {
  return a.step === b.step && a.at[0] === b.at[0] && a.at[1] === b.at[1];
}

/** w1, w2 with the parameter entries they are: `point.W[0]`, or the names of two scalars. */
function axisNames(params: readonly { name: string; size: number }[]): LossSurfaceView['axes'] {
  const entries = params.flatMap((p) => Array.from({ length: p.size }, (_, i) => (p.size === 1 ? p.name : `${p.name}[${i}]`)));
  return [
    { name: 'w1', meaning: entries[0] },
    { name: 'w2', meaning: entries[1] },
  ];
}

function runOptimizer(s: SessionState): string {
  const o = s.model.spec.training.optimizer;
  return optimizerLabel(o.kind, o.settings);
}
