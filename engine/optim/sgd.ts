import type { Tensor } from '../tensor/tensor';
import { readOptions } from './options';
import { texNumber as n, texOperand as o } from '../protocol/numberText';
import { Optimizer, type StateSlot, type UpdateContext, type WorkedElement } from './optimizer';
import { equation, stateAfter, thetaLine } from './worked';

export const SGD_OPTIONS = {
  lr: { meaning: 'learning rate η', min: 0 },
  momentum: { meaning: 'momentum μ', default: 0, min: 0, max: 1 },
  dampening: { meaning: 'dampening τ: the new gradient enters the buffer with weight 1 − τ', default: 0, min: 0, max: 1 },
  weight_decay: { meaning: 'L2 weight decay λ, added to the gradient', default: 0, min: 0 },
} as const;

export type SgdOptions = Partial<Record<keyof typeof SGD_OPTIONS, number>> & { lr: number };

/**
 * Stochastic gradient descent, plain or with momentum (PyTorch's convention): the momentum buffer
 * starts as the first gradient itself, not 0, so step 1 is a plain SGD step even with dampening;
 * after that it is μ·b + (1 − τ)·g (with τ = μ, an EMA of the gradients that starts at g₁).
 */
export class Sgd extends Optimizer<typeof SGD_OPTIONS> {
  readonly kind = 'sgd';

  constructor(params: readonly Tensor[], options: SgdOptions) {
    super(params, SGD_OPTIONS, readOptions('optimizer "sgd"', options, SGD_OPTIONS));
  }

  slots(): readonly StateSlot[] {
    if (this.options.momentum === 0) return [];
    return [{ key: 'momentum', symbol: 'b', meaning: 'momentum buffer: running (damped) sum of gradients', init: 'first_grad' }];
  }

  protected override coupledDecay(): number {
    return this.options.weight_decay;
  }

  protected ruleLines(t?: number): string[] {
    if (this.options.momentum === 0) return ['\\theta_t &= \\theta_{t-1} - \\eta\\, g_t'];
    const damped = this.options.dampening === 0 ? 'g_t' : '(1 - \\tau)\\, g_t';
    const first = 'b_1 &= g_1';
    const later = `b_t &= \\mu\\, b_{t-1} + ${damped}`;
    const buffer = t === undefined ? [`${first} \\quad (t = 1)`, `${later} \\quad (t > 1)`] : [t === 1 ? first : later];
    return [...buffer, '\\theta_t &= \\theta_{t-1} - \\eta\\, b_t'];
  }

  protected workedLines(w: WorkedElement): string[] {
    if (this.options.momentum === 0) return [thetaLine(w, w.before, o(w.g))];
    const b = w.state.momentum;
    const damped = this.options.dampening === 0 ? o(w.g) : `${n(1 - this.options.dampening)} \\cdot ${o(w.g)}`;
    const buffer = b.before === null ? `b_{${w.t}} &= g_{${w.t}} = ${n(b.after)}` : equation(`b_{${w.t}}`, `${n(this.options.momentum)} \\cdot ${o(b.before)} + ${damped}`, n(b.after));
    return [buffer, thetaLine(w, w.before, o(stateAfter(w, 'momentum')))];
  }

  protected apply({ p, g, lr, buffer, created }: UpdateContext): Record<string, number> {
    const { momentum: mu, dampening: tau } = this.options;
    if (mu === 0) {
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
      return {};
    }
    const b = buffer('momentum');
    if (!created('momentum')) {
      for (let i = 0; i < b.length; i++) b[i] = mu * b[i] + (1 - tau) * g[i];
    }
    for (let i = 0; i < p.length; i++) p[i] -= lr * b[i];
    return {};
  }
}
