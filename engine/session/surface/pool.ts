import type { GridTask } from './gridTask';

/**
 * Threads that compute a landscape's rows beside the session (the host makes them: the engine uses
 * no Node). Rows come back in any order, each once; `cancel` stops every thread at once.
 */
export interface LandscapePool {
  run(task: GridTask, onRow: (j: number, values: Float64Array) => void, onFail: (message: string) => void): { cancel(): void };
}

/** What a job's generator yields: nothing (go on when the slice allows) or a promise to wait for (work done elsewhere). */
export type JobYield = void | Promise<void>;
