import { sizeOf } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';

/** Most numbers the trajectory keeps (8 bytes each): 8 MB; past it every other point goes. */
export const TRAJECTORY_BUDGET = 1_000_000;
/** Most points it keeps, however small the model (the views draw at most 500, the plane is fitted to 128). */
export const TRAJECTORY_POINTS = 4096;

/** Every parameter of the model, in model order, as one vector θ. */
export function flatten(params: readonly Tensor[]): Float64Array {
  const theta = new Float64Array(params.reduce((n, p) => n + p.size, 0));
  let at = 0;
  for (const p of params) {
    theta.set(p.data, at);
    at += p.size;
  }
  return theta;
}

/** Writes θ back into the parameters (the inverse of `flatten`). */
export function unflatten(theta: ArrayLike<number>, params: readonly Tensor[]): void {
  let at = 0;
  for (const p of params) {
    for (let i = 0; i < p.size; i++) p.data[i] = theta[at + i];
    at += p.size;
  }
}

/**
 * The parameter vector θ_k after each completed training step k (θ_0: the initialisation), the path
 * the optimizer walks. Every point is kept while they fit in the budget; past it the trajectory keeps
 * every 2nd, then every 4th … step (always θ_0), so memory stays bounded however long training runs.
 * A model whose θ alone is over the budget has no trajectory.
 */
export class Trajectory {
  private steps: number[] = [];
  private points: Float64Array[] = [];
  private stride = 1;
  /** Steps recorded so far, kept or not. */
  private recorded = -1;

  constructor(private readonly budget = TRAJECTORY_BUDGET) {}

  /** θ_k once step k has completed for the first time (replays record nothing new). */
  record(step: number, params: readonly Tensor[]): void {
    if (step !== this.recorded + 1) return;
    this.recorded = step;
    // One point past the budget (a recording of a large model): no path is kept, and no parameter is read.
    if (params.reduce((n, p) => n + sizeOf(p.shape), 0) > this.budget) return;
    if (step % this.stride !== 0) return;
    this.steps.push(step);
    this.points.push(flatten(params));
    if (this.points.length > 2 && (this.points.length > TRAJECTORY_POINTS || this.points.length * this.points[0].length > this.budget)) this.thin();
  }

  /** Forgets the steps after `last` (an edit made there changes what follows). */
  truncate(last: number): void {
    const keep = this.steps.findIndex((s) => s > last);
    if (keep >= 0) {
      this.steps.length = keep;
      this.points.length = keep;
    }
    this.recorded = Math.min(this.recorded, last);
  }

  /** The points of steps 0 … `last`, oldest first. */
  upTo(last: number): { readonly step: number; readonly theta: Float64Array }[] {
    const out: { step: number; theta: Float64Array }[] = [];
    for (let i = 0; i < this.steps.length && this.steps[i] <= last; i++) out.push({ step: this.steps[i], theta: this.points[i] });
    return out;
  }

  private thin(): void {
    this.stride *= 2;
    const keep = this.steps.map((s, i) => (s % this.stride === 0 ? i : -1)).filter((i) => i >= 0);
    this.steps = keep.map((i) => this.steps[i]);
    this.points = keep.map((i) => this.points[i]);
  }
}
