import { lerp } from './grid';
import type { DenseChain } from './denseChain';
import type { PlaneLosses, PlaneVectors } from './planeLosses';

/** A landscape grid of a dense chain as plain data: what a thread is sent to compute rows of it. */
export interface GridTask {
  readonly chain: DenseChain;
  readonly plane: PlaneVectors;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** Points per side. */
  readonly n: number;
}

/** Row j of the grid: L at (x_i, y_j) for i = 0 … n − 1 (./grid.ts gridOf's order). */
export function gridRow(losses: PlaneLosses, task: GridTask, j: number): Float64Array {
  const { n } = task;
  const row = new Float64Array(n);
  const b = lerp(task.y, j / (n - 1));
  for (let i = 0; i < n; i++) row[i] = losses.at(lerp(task.x, i / (n - 1)), b);
  return row;
}
