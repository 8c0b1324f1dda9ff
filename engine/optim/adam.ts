import type { Tensor } from '../tensor/tensor';
import { readOptions, type NumberRule } from './options';
import { texNumber as n, texOperand as o } from '../protocol/numberText';
import { Optimizer, type StateSlot, type UpdateContext, type WorkedElement } from './optimizer';
import { averageLine, scaledStep, thetaLine } from './worked';

const ADAM_BASE = {
  lr: { meaning: 'learning rate η', default: 0.001, min: 0 },
  beta1: { meaning: 'decay β₁ of the first moment m', default: 0.9, min: 0, max: 1, maxExclusive: true },
  beta2: { meaning: 'decay β₂ of the second moment v', default: 0.999, min: 0, max: 1, maxExclusive: true },
  eps: { meaning: 'ε added to √v̂ (outside the root)', default: 1e-8, min: 0 },
} as const;

export const ADAM_OPTIONS = {
  ...ADAM_BASE,
  weight_decay: { meaning: 'L2 weight decay λ, added to the gradient', default: 0, min: 0 },
} as const;

export const ADAMW_OPTIONS = {
  ...ADAM_BASE,
  weight_decay: { meaning: 'decoupled weight decay λ: θ shrinks by the factor 1 − ηλ before the Adam step', default: 0.01, min: 0 },
} as const;

export type AdamOptions = Partial<Record<keyof typeof ADAM_OPTIONS, number>>;

/** Adam and AdamW take the same options; only weight_decay's meaning (and default) differs. */
type AdamSpec = Readonly<Record<keyof typeof ADAM_OPTIONS, NumberRule>>;

const MOMENT_LINES = [
  'm_t &= \\beta_1\\, m_{t-1} + (1 - \\beta_1)\\, g_t',
  'v_t &= \\beta_2\\, v_{t-1} + (1 - \\beta_2)\\, g_t^2',
  '\\hat m_t &= \\frac{m_t}{1 - \\beta_1^{\\,t}}, \\quad \\hat v_t = \\frac{v_t}{1 - \\beta_2^{\\,t}}',
  '\\theta_t &= \\theta_{t-1} - \\eta\\, \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon}',
];

/**
 * Adam, shared by `adam` (weight decay as L2 in the gradient) and `adamw` (decay decoupled from the
 * gradient and applied to θ first). The update is PyTorch's arrangement of the same formula:
 * θ ← θ − (η / bc₁) · m / (√v / √bc₂ + ε), so ε is added outside the root, to √v̂.
 */
abstract class AdamFamily extends Optimizer<AdamSpec> {
  slots(): readonly StateSlot[] {
    return [
      { key: 'm', symbol: 'm', meaning: 'first moment: moving average of gradients', init: 0 },
      { key: 'v', symbol: 'v', meaning: 'second moment: moving average of squared gradients', init: 0 },
    ];
  }

  protected ruleLines(): string[] {
    return MOMENT_LINES;
  }

  /** The moments, their bias corrections and the step, from θ = `start`. */
  protected adamWorked(w: WorkedElement, start: number): string[] {
    const { beta1, beta2, eps } = this.options;
    const m = w.state.m.after;
    const v = w.state.v.after;
    const mHat = m / (1 - beta1 ** w.t);
    const vHat = v / (1 - beta2 ** w.t);
    return [
      averageLine('m', w, 'm', beta1, o(w.g)),
      averageLine('v', w, 'v', beta2, `${o(w.g)}^2`),
      `\\hat m_{${w.t}} &= \\frac{${n(m)}}{1 - ${n(beta1)}^{${w.t}}} = ${n(mHat)}`,
      `\\hat v_{${w.t}} &= \\frac{${n(v)}}{1 - ${n(beta2)}^{${w.t}}} = ${n(vHat)}`,
      thetaLine(w, start, scaledStep(mHat, vHat, eps)),
    ];
  }

  protected adamStep({ p, g, t, lr, buffer }: UpdateContext): Record<string, number> {
    const { beta1, beta2, eps } = this.options;
    const m = buffer('m');
    const v = buffer('v');
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    const stepSize = lr / bc1;
    const bc2Sqrt = Math.sqrt(bc2);
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i]);
      p[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / bc2Sqrt + eps));
    }
    return { bias_correction1: bc1, bias_correction2: bc2, step_size: stepSize };
  }
}

export class Adam extends AdamFamily {
  readonly kind = 'adam';

  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, ADAM_OPTIONS, readOptions('optimizer "adam"', options, ADAM_OPTIONS));
  }

  protected override coupledDecay(): number {
    return this.options.weight_decay;
  }

  protected apply(ctx: UpdateContext): Record<string, number> {
    return this.adamStep(ctx);
  }

  protected workedLines(w: WorkedElement): string[] {
    return this.adamWorked(w, w.before);
  }
}

export class AdamW extends AdamFamily {
  readonly kind = 'adamw';

  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params, ADAMW_OPTIONS, readOptions('optimizer "adamw"', options, ADAMW_OPTIONS));
  }

  protected override ruleLines(): string[] {
    return ['\\theta_{t-1} &\\leftarrow \\theta_{t-1}\\, (1 - \\eta\\lambda)', ...MOMENT_LINES];
  }

  protected apply(ctx: UpdateContext): Record<string, number> {
    const decay = 1 - ctx.lr * this.options.weight_decay;
    const p = ctx.p;
    for (let i = 0; i < p.length; i++) p[i] *= decay;
    return { decay, ...this.adamStep(ctx) };
  }

  protected workedLines(w: WorkedElement): string[] {
    const decayed = w.before * w.scalars.decay;
    const shrink = `\\theta_{${w.t - 1}} &\\leftarrow ${n(w.before)} \\cdot (1 - ${n(w.lr)} \\cdot ${n(this.options.weight_decay)}) = ${n(decayed)}`;
    return [shrink, ...this.adamWorked(w, decayed)];
  }
}
