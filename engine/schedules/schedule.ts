import { fail } from '../errors';
import { describeOptions, readOptions, type OptionSpec, type OptionValues, type ParamDescription } from '../optim/options';

export type ScheduleKind = 'constant' | 'step' | 'exponential' | 'cosine' | 'warmup' | 'warmup_cosine';

/**
 * A learning-rate schedule: a pure function of t, the number of scheduler steps taken (so lrAt(0) is
 * the rate of the first optimizer step). Training sets `optimizer.lr = schedule.lrAt(t)` before each
 * step. The formula and the parameter list are for display.
 */
export interface Schedule {
  readonly kind: ScheduleKind;
  /** LaTeX of η_t. */
  readonly formula: string;
  /** Every parameter with its value and meaning. */
  readonly params: readonly ParamDescription[];
  /** One sentence for a learner, e.g. "cosine from 0.1 down to 0.001 over 20 steps, then back up". */
  readonly summary: string;
  lrAt(t: number): number;
}

/** The base rate every schedule starts from. */
export const BASE_LR = { meaning: 'base learning rate', min: 0 } as const;

/** Shared plumbing: options read once, t checked, formula and summary given by the subclass. */
export abstract class ScheduleBase<S extends OptionSpec> implements Schedule {
  abstract readonly kind: ScheduleKind;
  abstract readonly formula: string;
  abstract readonly summary: string;
  readonly options: OptionValues<S>;
  readonly params: readonly ParamDescription[];

  protected constructor(kind: ScheduleKind, spec: S, options: Readonly<Record<string, unknown>>) {
    this.options = readOptions(`schedule "${kind}"`, options, spec);
    this.params = describeOptions(spec, this.options);
  }

  lrAt(t: number): number {
    if (!Number.isInteger(t) || t < 0) fail('E_ARGUMENT', `schedule "${this.kind}": t must be an integer ≥ 0 (scheduler steps taken), got ${t}`);
    return this.rate(t);
  }

  protected abstract rate(t: number): number;
}

/** The first n rates, for the learning-rate curve. */
export function lrCurve(schedule: Schedule, n: number): number[] {
  return Array.from({ length: n }, (_, t) => schedule.lrAt(t));
}

/** Cosine annealing from `high` at s = 0 to `low` at s = T, continuing along the cosine after T. */
export function cosineBetween(high: number, low: number, s: number, T: number): number {
  // low + (high − low) can round away from high; the curve starts exactly at high.
  if (s === 0) return high;
  return low + ((high - low) * (1 + Math.cos((Math.PI * s) / T))) / 2;
}
