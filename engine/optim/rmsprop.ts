import type { Tensor } from '../tensor/tensor';
import { readOptions } from './options';
import { texOperand as o } from '../protocol/numberText';
import { Optimizer, type StateSlot, type UpdateContext, type WorkedElement } from './optimizer';
import { averageLine, scaledStep, stateAfter, thetaLine } from './worked';

export const RMSPROP_OPTIONS = {
  lr: { meaning: 'learning rate η', default: 0.01, min: 0 },
  alpha: { meaning: 'decay α of the squared-gradient average', default: 0.99, min: 0, max: 1 },
  eps: { meaning: 'ε added to √v (outside the root)', default: 1e-8, min: 0 },
  weight_decay: { meaning: 'L2 weight decay λ, added to the gradient', default: 0, min: 0 },
} as const;

export type RmspropOptions = Partial<Record<keyof typeof RMSPROP_OPTIONS, number>>;

/**
 * RMSprop (not centered, no momentum, no bias correction): v starts at 0, so the first steps are
 * large, about lr/√(1 − α) per element on step 1.
 */
export class Rmsprop extends Optimizer<typeof RMSPROP_OPTIONS> {
  readonly kind = 'rmsprop';

  constructor(params: readonly Tensor[], options: RmspropOptions = {}) {
    super(params, RMSPROP_OPTIONS, readOptions('optimizer "rmsprop"', options, RMSPROP_OPTIONS));
  }

  slots(): readonly StateSlot[] {
    return [{ key: 'avg_sq', symbol: 'v', meaning: 'moving average of squared gradients', init: 0 }];
  }

  protected override coupledDecay(): number {
    return this.options.weight_decay;
  }

  protected ruleLines(): string[] {
    return ['v_t &= \\alpha\\, v_{t-1} + (1 - \\alpha)\\, g_t^2', '\\theta_t &= \\theta_{t-1} - \\eta\\, \\frac{g_t}{\\sqrt{v_t} + \\epsilon}'];
  }

  protected workedLines(w: WorkedElement): string[] {
    const v = stateAfter(w, 'avg_sq');
    return [averageLine('v', w, 'avg_sq', this.options.alpha, `${o(w.g)}^2`), thetaLine(w, w.before, scaledStep(w.g, v, this.options.eps))];
  }

  protected apply({ p, g, lr, buffer }: UpdateContext): Record<string, number> {
    const { alpha, eps } = this.options;
    const v = buffer('avg_sq');
    for (let i = 0; i < p.length; i++) {
      v[i] = alpha * v[i] + (1 - alpha) * (g[i] * g[i]);
      p[i] -= lr * (g[i] / (Math.sqrt(v[i]) + eps));
    }
    return {};
  }
}
