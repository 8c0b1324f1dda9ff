import { BASE_LR, cosineBetween, ScheduleBase } from './schedule';

const WARMUP_STEPS = { meaning: 'warm-up steps W', min: 1, integer: true } as const;
const START_FACTOR = { meaning: 'fraction of base_lr at t = 0', default: 0.1, min: 0, max: 1, minExclusive: true } as const;

const WARMUP = { base_lr: BASE_LR, warmup_steps: WARMUP_STEPS, start_factor: START_FACTOR } as const;
const WARMUP_COSINE = {
  base_lr: BASE_LR,
  warmup_steps: WARMUP_STEPS,
  start_factor: START_FACTOR,
  T_max: { meaning: 'cosine steps after the warm-up, from base_lr down to eta_min', min: 1, integer: true },
  eta_min: { meaning: 'lowest learning rate, reached at t = W + T_max', default: 0, min: 0 },
} as const;

export type WarmupOptions = { base_lr: number; warmup_steps: number; start_factor?: number };
export type WarmupCosineOptions = WarmupOptions & { T_max: number; eta_min?: number };

const RAMP = '\\eta_0 \\left(f + (1 - f)\\, \\tfrac{t}{W}\\right)';

/** Linear ramp over t < W. It never reaches base_lr: that is first used at t = W. */
function ramp(base: number, factor: number, t: number, W: number): number {
  return base * (factor + ((1 - factor) * t) / W);
}

/** Linear warm-up from start_factor·base_lr, then constant base_lr. */
export class WarmupSchedule extends ScheduleBase<typeof WARMUP> {
  readonly kind = 'warmup';
  readonly formula = `\\eta_t = \\begin{cases} ${RAMP} & t < W \\\\ \\eta_0 & t \\ge W \\end{cases}`;

  constructor(options: WarmupOptions) {
    super('warmup', WARMUP, options);
  }

  get summary(): string {
    const { base_lr, start_factor, warmup_steps } = this.options;
    return `linear warm-up from ${start_factor * base_lr} over ${warmup_steps} steps, then ${base_lr}`;
  }

  protected rate(t: number): number {
    const { base_lr, start_factor, warmup_steps } = this.options;
    return t < warmup_steps ? ramp(base_lr, start_factor, t, warmup_steps) : base_lr;
  }
}

/** Linear warm-up for W steps, then cosine annealing (not clamped) restarted at t = W. */
export class WarmupCosineSchedule extends ScheduleBase<typeof WARMUP_COSINE> {
  readonly kind = 'warmup_cosine';
  readonly formula =
    `\\eta_t = \\begin{cases} ${RAMP} & t < W \\\\ ` +
    '\\eta_{\\min} + \\tfrac{1}{2}(\\eta_0 - \\eta_{\\min})\\left(1 + \\cos\\frac{\\pi (t - W)}{T_{\\max}}\\right) & t \\ge W \\end{cases}';

  constructor(options: WarmupCosineOptions) {
    super('warmup_cosine', WARMUP_COSINE, options);
  }

  get summary(): string {
    const { base_lr, start_factor, warmup_steps, T_max, eta_min } = this.options;
    return `linear warm-up from ${start_factor * base_lr} over ${warmup_steps} steps, then cosine from ${base_lr} down to ${eta_min} over ${T_max} steps`;
  }

  protected rate(t: number): number {
    const { base_lr, start_factor, warmup_steps, T_max, eta_min } = this.options;
    if (t < warmup_steps) return ramp(base_lr, start_factor, t, warmup_steps);
    return cosineBetween(base_lr, eta_min, t - warmup_steps, T_max);
  }
}
