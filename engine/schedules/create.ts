import { fail } from '../errors';
import { CosineSchedule, type CosineOptions } from './cosine';
import { ConstantSchedule, ExponentialSchedule, StepSchedule, type ConstantOptions, type ExponentialOptions, type StepOptions } from './decay';
import type { Schedule, ScheduleKind } from './schedule';
import { WarmupCosineSchedule, WarmupSchedule, type WarmupCosineOptions, type WarmupOptions } from './warmup';

/** A schedule as a model file writes it, e.g. `{ kind: 'cosine', base_lr: 0.1, T_max: 20, eta_min: 0.001 }`. */
export type ScheduleOptions =
  | ({ kind: 'constant' } & ConstantOptions)
  | ({ kind: 'step' } & StepOptions)
  | ({ kind: 'exponential' } & ExponentialOptions)
  | ({ kind: 'cosine' } & CosineOptions)
  | ({ kind: 'warmup' } & WarmupOptions)
  | ({ kind: 'warmup_cosine' } & WarmupCosineOptions);

/** A model file may leave out `base_lr` (it is the training lr) and `T_max` (the rest of the run). */
export type ScheduleSpec = ScheduleOptions extends infer O
  ? O extends { base_lr: number }
    ? Omit<O, 'base_lr' | 'T_max'> & { base_lr?: number } & (O extends { T_max: number } ? { T_max?: number } : unknown)
    : never
  : never;

/** What the caller knows that the schedule's options may leave out. */
export interface ScheduleDefaults {
  /** The training (optimizer) learning rate: the default base_lr. */
  readonly base_lr?: number;
  /** Planned optimizer steps: T_max defaults to the steps after the warm-up (all of them without one). */
  readonly total_steps?: number;
}

const MAKERS: Record<ScheduleKind, (options: never) => Schedule> = {
  constant: (o: ConstantOptions) => new ConstantSchedule(o),
  step: (o: StepOptions) => new StepSchedule(o),
  exponential: (o: ExponentialOptions) => new ExponentialSchedule(o),
  cosine: (o: CosineOptions) => new CosineSchedule(o),
  warmup: (o: WarmupOptions) => new WarmupSchedule(o),
  warmup_cosine: (o: WarmupCosineOptions) => new WarmupCosineSchedule(o),
};

export const SCHEDULE_KINDS = Object.keys(MAKERS) as ScheduleKind[];

/** Builds and validates a schedule from plain options, filling what they leave out from `defaults`. */
export function createSchedule(options: ScheduleSpec, defaults: ScheduleDefaults = {}): Schedule {
  const kind: unknown = (options as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in MAKERS)) {
    fail('E_ATTR', `unknown schedule kind ${JSON.stringify(kind) ?? 'undefined'}; expected one of ${SCHEDULE_KINDS.join(', ')}`);
  }
  return MAKERS[kind as ScheduleKind](withDefaults(kind as ScheduleKind, options, defaults) as never);
}

function withDefaults(kind: ScheduleKind, options: ScheduleSpec, defaults: ScheduleDefaults): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...options };
  if (filled.base_lr === undefined && defaults.base_lr !== undefined) filled.base_lr = defaults.base_lr;
  const cosine = kind === 'cosine' || kind === 'warmup_cosine';
  if (cosine && filled.T_max === undefined && defaults.total_steps !== undefined) {
    const warmup = kind === 'warmup_cosine' && typeof filled.warmup_steps === 'number' ? filled.warmup_steps : 0;
    filled.T_max = Math.max(1, defaults.total_steps - warmup);
  }
  return filled;
}
