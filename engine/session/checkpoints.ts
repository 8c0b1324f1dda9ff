import type { TrainerSnapshot } from '../train/contract';

export interface CheckpointOptions {
  /** Initial spacing in training steps (default 1). */
  readonly every?: number;
  /** Most snapshots kept besides the start (default: as many as fit in `bytes`, 8 … 4096). */
  readonly max?: number;
  /** Memory the snapshots may take (default 32 MB). */
  readonly bytes?: number;
}

/**
 * Trainer snapshots at every K-th completed step, with a bounded count: when there are too many, K
 * doubles and the snapshots off the new grid are dropped (the start is always kept). Going back to
 * step s restores the latest snapshot at or before s − 1 and replays at most K − 1 steps; memory
 * holds at most `max + 1` snapshots however long training runs. The count follows from a memory
 * budget and the size of one snapshot: a small model keeps thousands (K stays small, going back is
 * a replay of a few steps), a large one a few dozen.
 */
export class Checkpoints {
  private every_: number;
  private readonly max: number;
  /** Sorted by completedSteps. */
  private readonly list: TrainerSnapshot[] = [];

  constructor(start: TrainerSnapshot, options: CheckpointOptions = {}) {
    this.every_ = Math.max(1, Math.floor(options.every ?? 1));
    const fit = Math.floor((options.bytes ?? 32 * 2 ** 20) / Math.max(1, snapshotBytes(start)));
    this.max = Math.max(2, Math.floor(options.max ?? Math.min(4096, Math.max(8, fit))));
    this.list.push(start);
  }

  get every(): number {
    return this.every_;
  }

  /** Most snapshots kept besides the start. */
  get capacity(): number {
    return this.max;
  }

  get count(): number {
    return this.list.length;
  }

  get steps(): number[] {
    return this.list.map((s) => s.completedSteps);
  }

  /** Whether a snapshot after `completed` steps belongs on the grid and is not stored yet. */
  wants(completed: number): boolean {
    return completed % this.every_ === 0 && !this.has(completed);
  }

  add(snapshot: TrainerSnapshot): void {
    const c = snapshot.completedSteps;
    if (!this.wants(c)) return;
    const at = this.list.findIndex((s) => s.completedSteps > c);
    this.list.splice(at < 0 ? this.list.length : at, 0, snapshot);
    while (this.list.length > this.max + 1) this.thin();
  }

  /** The latest snapshot with at most `completed` steps done. */
  atOrBefore(completed: number): TrainerSnapshot {
    let best = this.list[0];
    for (const s of this.list) if (s.completedSteps <= completed) best = s;
    return best;
  }

  /** Drops the snapshots taken once step `step` had begun (at least `step` steps completed); the start stays. */
  dropFrom(step: number): void {
    const keep = this.list.filter((s, i) => i === 0 || s.completedSteps < step);
    this.list.splice(0, this.list.length, ...keep);
  }

  private has(completed: number): boolean {
    return this.list.some((s) => s.completedSteps === completed);
  }

  private thin(): void {
    this.every_ *= 2;
    const keep = this.list.filter((s, i) => i === 0 || s.completedSteps % this.every_ === 0);
    this.list.splice(0, this.list.length, ...keep);
  }
}

/** Rough bytes of a snapshot: typed arrays by length, numbers 8, strings 2 per character. */
export function snapshotBytes(value: unknown, depth = 0): number {
  if (depth > 32 || value === null || value === undefined) return 0;
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return 2 * value.length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value !== 'object') return 8;
  let sum = 16;
  for (const v of Object.values(value as Record<string, unknown>)) sum += snapshotBytes(v, depth + 1);
  return sum;
}
