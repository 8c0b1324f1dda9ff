import { bool, int, num, onOff, size, type AttrTable } from '../attrs';
import { FILE_FILTERS, switchDoc } from './exceptionFilters';

/**
 * Losses, optimizers, learning-rate schedules and exception breakpoints: what a model file may write
 * under `loss`, `training` and `debug`, with their settings. Conventions follow test/reference/README.md.
 */
export interface KindDef {
  readonly kind: string;
  readonly doc: string;
  readonly formula?: string;
  readonly attrs: AttrTable;
}

export interface LossDef extends KindDef {
  /** What the target must be: numbers of the prediction's shape, class ids, or none (the model's own objective). */
  readonly target: 'same' | 'classes' | 'none';
  /** The embedding models this loss belongs to (their own objective), if any. */
  readonly ownOf?: readonly string[];
  /** The prediction must be probabilities: the output of a layer whose values lie in [0, 1]. */
  readonly probabilities?: boolean;
}

export const LOSSES: readonly LossDef[] = [
  { kind: 'mse', doc: 'Mean squared error between prediction and target (same shape).', formula: 'L = \\frac{1}{n} \\sum (\\hat y - y)^2', attrs: {}, target: 'same' },
  {
    kind: 'cross_entropy',
    doc: 'Softmax cross-entropy: logits (…, C) against class ids (…), mean over rows. Takes raw scores — no softmax layer before it.',
    formula: 'L = -\\frac{1}{N} \\sum_n \\log \\mathrm{softmax}(z_n)_{y_n}',
    attrs: {},
    target: 'classes',
  },
  { kind: 'bce', doc: 'Binary cross-entropy on probabilities in (0,1) (after a sigmoid), targets 0/1 of the same shape.', formula: 'L = -\\frac{1}{N} \\sum [y \\log p + (1 - y) \\log (1 - p)]', attrs: {}, target: 'same', probabilities: true },
  {
    kind: 'bce_with_logits',
    doc: 'Binary cross-entropy on raw scores (the sigmoid is inside, computed stably).',
    formula: 'L = \\frac{1}{N} \\sum [\\max(z, 0) - z y + \\log(1 + e^{-|z|})]',
    attrs: {},
    target: 'same',
  },
  {
    kind: 'perceptron',
    doc: 'The perceptron learning rule for a `perceptron` layer, with η = lr: the weights move only on mistakes. (Its SGD form is the perceptron criterion L = −(y − ŷ)·a.)',
    formula: 'w \\leftarrow w + \\eta (y - \\hat y) x,\\ b \\leftarrow b + \\eta (y - \\hat y)',
    attrs: {},
    target: 'same',
  },
  { kind: 'negative_sampling', doc: 'The word2vec / fastText negative-sampling objective (the model\'s own loss).', attrs: {}, target: 'none', ownOf: ['word2vec', 'fasttext'] },
  { kind: 'hierarchical_softmax', doc: 'The word2vec hierarchical-softmax objective over a Huffman tree (the model\'s own loss).', attrs: {}, target: 'none', ownOf: ['word2vec'] },
  { kind: 'glove', doc: 'The GloVe weighted least-squares objective (the model\'s own loss).', attrs: {}, target: 'none', ownOf: ['glove'] },
];

const beta1 = num('decay of the first-moment (mean) estimate', { min: 0, max: 1, maxExclusive: true, default: 0.9 });
const beta2 = num('decay of the second-moment (uncentred variance) estimate', { min: 0, max: 1, maxExclusive: true, default: 0.999 });
const eps = (dflt: number) => num('added to the denominator (outside the square root)', { min: 0, minExclusive: true, default: dflt });

export const OPTIMIZERS: readonly KindDef[] = [
  {
    kind: 'sgd',
    doc: 'Stochastic gradient descent, optionally with momentum (buffer starts at the first gradient).',
    formula: 'b_t = \\mu b_{t-1} + (1 - \\tau) g_t,\\ p \\leftarrow p - \\eta\\, b_t',
    attrs: {
      momentum: num('momentum μ (0: plain SGD)', { min: 0, max: 1, maxExclusive: true, default: 0 }),
      dampening: num('dampening τ of the momentum buffer', { min: 0, max: 1, default: 0 }),
    },
  },
  {
    kind: 'adagrad',
    doc: 'AdaGrad: divides by the root of all squared gradients so far — steps shrink for often-updated weights.',
    formula: 's \\leftarrow s + g^2,\\ p \\leftarrow p - \\eta\\, g / (\\sqrt{s} + \\epsilon)',
    attrs: { eps: eps(1e-10), initial_accumulator_value: num('starting value of s', { min: 0, default: 0 }) },
  },
  {
    kind: 'rmsprop',
    doc: 'RMSprop: divides by the root of a moving average of squared gradients (no bias correction).',
    formula: 'v \\leftarrow \\alpha v + (1 - \\alpha) g^2,\\ p \\leftarrow p - \\eta\\, g / (\\sqrt{v} + \\epsilon)',
    attrs: { alpha: num('decay of the squared-gradient average', { min: 0, max: 1, maxExclusive: true, default: 0.99 }), eps: eps(1e-8) },
  },
  {
    kind: 'adam',
    doc: 'Adam: momentum and RMSprop together, with bias correction of both moments.',
    formula: 'm \\leftarrow \\beta_1 m + (1 - \\beta_1) g,\\ v \\leftarrow \\beta_2 v + (1 - \\beta_2) g^2,\\ p \\leftarrow p - \\eta\\, \\hat m / (\\sqrt{\\hat v} + \\epsilon)',
    attrs: { beta1, beta2, eps: eps(1e-8) },
  },
  {
    kind: 'adamw',
    doc: 'AdamW: Adam with weight decay applied to the weights directly (decoupled), not through the gradient.',
    formula: 'p \\leftarrow p (1 - \\eta \\lambda),\\ \\text{then the Adam step}',
    attrs: { beta1, beta2, eps: eps(1e-8), weight_decay: num('decoupled weight decay λ', { min: 0, default: 0.01 }) },
  },
];

const warmupSteps = size('steps of linear warm-up', { min: 1, required: true });
const startFactor = num('the first step uses lr × start_factor', { min: 0, max: 1, minExclusive: true, default: 0.1 });
const tMax = size('steps of one half cosine period (default: the remaining training steps)', { min: 1 });
const etaMin = num('lowest learning rate of the cosine', { min: 0, default: 0 });

export const SCHEDULES: readonly KindDef[] = [
  { kind: 'constant', doc: 'The same learning rate at every step.', formula: '\\eta_t = \\eta', attrs: {} },
  {
    kind: 'step',
    doc: 'Multiply the learning rate by γ every step_size steps.',
    formula: '\\eta_t = \\eta\\, \\gamma^{\\lfloor t / s \\rfloor}',
    attrs: { step_size: size('steps between drops', { min: 1, required: true }), gamma: num('factor at each drop', { min: 0, max: 1, minExclusive: true, default: 0.1 }) },
  },
  {
    kind: 'exponential',
    doc: 'Multiply the learning rate by γ at every step.',
    formula: '\\eta_t = \\eta\\, \\gamma^t',
    attrs: { gamma: num('factor per step', { min: 0, max: 1, minExclusive: true, default: 0.95 }) },
  },
  {
    kind: 'cosine',
    doc: 'Cosine annealing from lr down to eta_min over T_max steps (it rises again after T_max).',
    formula: '\\eta_t = \\eta_{min} + (\\eta - \\eta_{min}) (1 + \\cos(\\pi t / T_{max})) / 2',
    attrs: { T_max: tMax, eta_min: etaMin },
  },
  {
    kind: 'warmup',
    doc: 'Linear warm-up from lr × start_factor to lr over warmup_steps, then constant.',
    formula: '\\eta_t = \\eta\\, (f + (1 - f)\\, t / W) \\text{ for } t < W,\\ \\eta \\text{ after}',
    attrs: { warmup_steps: warmupSteps, start_factor: startFactor },
  },
  {
    kind: 'warmup_cosine',
    doc: 'Linear warm-up, then cosine annealing: the usual Transformer schedule.',
    formula: '\\text{warm-up for } t < W,\\ \\text{then } \\eta_{min} + (\\eta - \\eta_{min}) (1 + \\cos(\\pi (t - W) / T_{max})) / 2',
    attrs: { warmup_steps: warmupSteps, start_factor: startFactor, T_max: tMax, eta_min: etaMin },
  },
];

/** `training:` keys other than optimizer, schedule and clip. */
export const TRAINING_ATTRS: AttrTable = {
  lr: num('learning rate (the schedule starts from it)', { min: 0, minExclusive: true, default: 0.1 }),
  batch_size: size('examples per step (default: all of them, full batch)', { min: 1 }),
  steps: size('training steps (optimizer updates)', { min: 1, default: 100 }),
  shuffle: bool('draw batches in a new random order every epoch', true),
};

export const CLIP_ATTRS: AttrTable = {
  norm: num('rescale all gradients together when their joint L2 norm exceeds this', { min: 0, minExclusive: true }),
  value: num('clamp every gradient element to [−value, value]', { min: 0, minExclusive: true }),
};

/** `generate:` in `training:` — a language model writes a line of text as it trains (train/generate.ts). */
export const GENERATE_ATTRS: AttrTable = {
  every: size('write a line every this many steps (and after the last)', { min: 1, default: 50 }),
  length: int('tokens to write after the prompt', { min: 1, max: 1000, default: 60 }),
  prompt: { type: { kind: 'string' }, default: '', doc: 'the text it continues (tokens outside the vocabulary are left out); default: the first token of the data' },
  temperature: num('0: the most likely token each time; above 0: drawn from softmax(scores / temperature) with a generator seeded by the seed and the step', { min: 0, default: 0 }),
};

/** `debug:` settings; `break_on` switches the exception breakpoints (their rows: ./exceptionFilters.ts). */
export const BREAKPOINTS: AttrTable = Object.fromEntries(
  FILE_FILTERS.map((f) => [f.filter, f.threshold ? onOff(switchDoc(f), f.threshold.default, { min: f.threshold.min, max: f.threshold.max, default: f.on }) : bool(switchDoc(f), f.on)]),
);

/** `init:` — where the starting weights come from when not drawn from the seed. */
export const INIT_ATTRS: AttrTable = {
  from: {
    type: { kind: 'string' },
    required: true,
    doc: "a safetensors file of weights, relative to the model file: Backstep's export or a PyTorch state_dict (names: README, Weights out and in)",
  },
};

export const DEBUG_ATTRS: AttrTable = {
  stop_on_entry: bool('stop at the first op when a session starts', true),
};

export function findKind<T extends KindDef>(table: readonly T[], kind: string): T | undefined {
  return table.find((k) => k.kind === kind);
}
