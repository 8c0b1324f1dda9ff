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

/** `base_lr` may be left out when the caller knows it (the optimizer's lr). */
export type ScheduleSpec = ScheduleOptions extends infer O ? (O extends { base_lr: number } ? Omit<O, 'base_lr'> & { base_lr?: number } : never) : never;

const MAKERS: Record<ScheduleKind, (options: never) => Schedule> = {
  constant: (o: ConstantOptions) => new ConstantSchedule(o),
  step: (o: StepOptions) => new StepSchedule(o),
  exponential: (o: ExponentialOptions) => new ExponentialSchedule(o),
  cosine: (o: CosineOptions) => new CosineSchedule(o),
  warmup: (o: WarmupOptions) => new WarmupSchedule(o),
  warmup_cosine: (o: WarmupCosineOptions) => new WarmupCosineSchedule(o),
};

export const SCHEDULE_KINDS = Object.keys(MAKERS) as ScheduleKind[];

/**
 * Builds and validates a schedule from plain options. `defaultBaseLr` (usually the optimizer's lr)
 * fills `base_lr` when the options leave it out.
 */
export function createSchedule(options: ScheduleSpec, defaultBaseLr?: number): Schedule {
  const kind: unknown = (options as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in MAKERS)) {
    fail('E_ATTR', `unknown schedule kind ${JSON.stringify(kind) ?? 'undefined'}; expected one of ${SCHEDULE_KINDS.join(', ')}`);
  }
  const filled = options.base_lr === undefined && defaultBaseLr !== undefined ? { ...options, base_lr: defaultBaseLr } : options;
  return MAKERS[kind as ScheduleKind](filled as never);
}
