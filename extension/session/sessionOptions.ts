import type { SessionOptions } from '../../engine/session';
import { createTrainer } from '../../engine/train';

/** What a launch configuration may change about how the session runs the file. */
export interface RunOptions {
  /** Overrides the file's `training.steps` (the schedule's length follows it). */
  readonly steps?: number;
}

export function sessionOptions(run: RunOptions): SessionOptions {
  const steps = run.steps;
  if (!steps) return {};
  return { createTrainer: (model) => createTrainer({ ...model, spec: { ...model.spec, training: { ...model.spec.training, steps } } }) };
}
