import type { Tensor } from '../tensor/tensor';
import { readOptions } from './options';
import { texNumber as n, texOperand as o } from '../protocol/numberText';
import { Optimizer, type StateSlot, type UpdateContext, type WorkedElement } from './optimizer';
import { scaledStep, thetaLine } from './worked';

export const ADAGRAD_OPTIONS = {
  lr: { meaning: 'learning rate η', default: 0.01, min: 0 },
  eps: { meaning: 'ε added to √s (outside the root)', default: 1e-10, min: 0 },
  initial_accumulator_value: { meaning: 'starting value of the squared-gradient sum s', default: 0, min: 0 },
  weight_decay: { meaning: 'L2 weight decay λ, added to the gradient', default: 0, min: 0 },
} as const;

export type AdagradOptions = Partial<Record<keyof typeof ADAGRAD_OPTIONS, number>>;

/** AdaGrad: each element's step shrinks with the sum of its squared gradients so far. */
export class Adagrad extends Optimizer<typeof ADAGRAD_OPTIONS> {
  readonly kind = 'adagrad';

  constructor(params: readonly Tensor[], options: AdagradOptions = {}) {
    super(params, ADAGRAD_OPTIONS, readOptions('optimizer "adagrad"', options, ADAGRAD_OPTIONS));
  }

  slots(): readonly StateSlot[] {
    return [{ key: 'sum_sq', symbol: 's', meaning: 'sum of squared gradients', init: this.options.initial_accumulator_value }];
  }

  protected override coupledDecay(): number {
    return this.options.weight_decay;
  }

  protected ruleLines(): string[] {
    return ['s_t &= s_{t-1} + g_t^2', '\\theta_t &= \\theta_{t-1} - \\eta\\, \\frac{g_t}{\\sqrt{s_t} + \\epsilon}'];
  }

  protected workedLines(w: WorkedElement): string[] {
    const s = w.state.sum_sq;
    return [`s_{${w.t}} &= ${o(s.before ?? 0)} + ${o(w.g)}^2 = ${n(s.after)}`, thetaLine(w, w.before, scaledStep(w.g, s.after, this.options.eps))];
  }

  protected apply({ p, g, lr, buffer }: UpdateContext): Record<string, number> {
    const { eps } = this.options;
    const s = buffer('sum_sq');
    for (let i = 0; i < p.length; i++) {
      s[i] += g[i] * g[i];
      p[i] -= lr * (g[i] / (Math.sqrt(s[i]) + eps));
    }
    return {};
  }
}
