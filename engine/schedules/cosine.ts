import { BASE_LR, cosineBetween, ScheduleBase } from './schedule';

const COSINE = {
  base_lr: BASE_LR,
  T_max: { meaning: 'steps from base_lr down to eta_min (half a period)', min: 1, integer: true },
  eta_min: { meaning: 'lowest learning rate, reached at t = T_max', default: 0, min: 0 },
} as const;

export type CosineOptions = { base_lr: number; T_max: number; eta_min?: number };

/**
 * Cosine annealing. Not clamped after T_max: past it the rate rises again along the same cosine
 * (period 2·T_max), as PyTorch's CosineAnnealingLR does.
 */
export class CosineSchedule extends ScheduleBase<typeof COSINE> {
  readonly kind = 'cosine';
  readonly formula = '\\eta_t = \\eta_{\\min} + \\tfrac{1}{2}(\\eta_0 - \\eta_{\\min})\\left(1 + \\cos\\frac{\\pi t}{T_{\\max}}\\right)';

  constructor(options: CosineOptions) {
    super('cosine', COSINE, options);
  }

  get summary(): string {
    const { base_lr, eta_min, T_max } = this.options;
    return `cosine from ${base_lr} down to ${eta_min} over ${T_max} steps, then back up along the same curve`;
  }

  protected rate(t: number): number {
    const { base_lr, eta_min, T_max } = this.options;
    return cosineBetween(base_lr, eta_min, t, T_max);
  }
}
