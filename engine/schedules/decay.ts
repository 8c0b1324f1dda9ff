import { BASE_LR, ScheduleBase } from './schedule';

const CONSTANT = { base_lr: BASE_LR } as const;
const STEP = {
  base_lr: BASE_LR,
  step_size: { meaning: 'steps between two decays s', min: 1, integer: true },
  gamma: { meaning: 'factor γ applied every s steps', default: 0.1, min: 0 },
} as const;
const EXPONENTIAL = {
  base_lr: BASE_LR,
  gamma: { meaning: 'factor γ applied every step', min: 0 },
} as const;

export type ConstantOptions = { base_lr: number };
export type StepOptions = { base_lr: number; step_size: number; gamma?: number };
export type ExponentialOptions = { base_lr: number; gamma: number };

export class ConstantSchedule extends ScheduleBase<typeof CONSTANT> {
  readonly kind = 'constant';
  readonly formula = '\\eta_t = \\eta_0';

  constructor(options: ConstantOptions) {
    super('constant', CONSTANT, options);
  }

  get summary(): string {
    return `constant ${this.options.base_lr}`;
  }

  protected rate(): number {
    return this.options.base_lr;
  }
}

/** Step decay: η_t = η₀ · γ^⌊t/s⌋. */
export class StepSchedule extends ScheduleBase<typeof STEP> {
  readonly kind = 'step';
  readonly formula = '\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t / s \\rfloor}';

  constructor(options: StepOptions) {
    super('step', STEP, options);
  }

  get summary(): string {
    return `${this.options.base_lr}, multiplied by ${this.options.gamma} every ${this.options.step_size} steps`;
  }

  protected rate(t: number): number {
    return this.options.base_lr * this.options.gamma ** Math.floor(t / this.options.step_size);
  }
}

/** Exponential decay: η_t = η₀ · γ^t. */
export class ExponentialSchedule extends ScheduleBase<typeof EXPONENTIAL> {
  readonly kind = 'exponential';
  readonly formula = '\\eta_t = \\eta_0\\, \\gamma^{t}';

  constructor(options: ExponentialOptions) {
    super('exponential', EXPONENTIAL, options);
  }

  get summary(): string {
    return `${this.options.base_lr}, multiplied by ${this.options.gamma} every step`;
  }

  protected rate(t: number): number {
    return this.options.base_lr * this.options.gamma ** t;
  }
}
