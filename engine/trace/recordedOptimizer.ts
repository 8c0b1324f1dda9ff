import { dict, own } from '../dict';
import { createOptimizer, type OptimizerOptions } from '../optim/create';
import type { OptimizerKind } from '../optim/optimizer';
import type { SettingDescription } from '../optim/options';
import { Tensor } from '../tensor/tensor';
import type { TraceIndex } from './format';
import { updateFormula } from './updateFormula';

/** The optimizer of a recording as the Inspector shows it: PyTorch's class, its rule and its settings as recorded. */
export interface RecordedOptimizer {
  /** PyTorch's class name (`Adam`). */
  readonly kind: string;
  /** LaTeX of the rule: the engine's own optimizer of the same rule when there is one (the engine's follow PyTorch's conventions). */
  readonly formula: string;
  /** Every recorded setting, under PyTorch's name (`betas[0]`), with its meaning where known; a flag as true or false. */
  readonly hyperparams: readonly SettingDescription[];
  /** A state buffer by PyTorch's key (`exp_avg`): the formula's symbol for it and what it holds. */
  slot(key: string): { readonly symbol: string; readonly meaning: string };
}

/** An engine optimizer with PyTorch's rule: its option for each recorded setting, and its state key for each of PyTorch's. */
interface Twin {
  readonly kind: OptimizerKind;
  readonly options: Readonly<Record<string, string>>;
  /** Settings the engine's rule lacks, at the values that leave PyTorch's rule the same. */
  readonly neutral: Readonly<Record<string, number>>;
  readonly state: Readonly<Record<string, string>>;
}

const ADAM = { options: { lr: 'lr', 'betas.0': 'beta1', 'betas.1': 'beta2', eps: 'eps', weight_decay: 'weight_decay' }, neutral: {}, state: { exp_avg: 'm', exp_avg_sq: 'v' } };

const TWINS: ReadonlyMap<string, Twin> = new Map<string, Twin>([
  ['SGD', { kind: 'sgd', options: { lr: 'lr', momentum: 'momentum', dampening: 'dampening', weight_decay: 'weight_decay' }, neutral: {}, state: { momentum_buffer: 'momentum' } }],
  ['Adam', { kind: 'adam', ...ADAM }],
  ['AdamW', { kind: 'adamw', ...ADAM }],
  ['Adagrad', { kind: 'adagrad', options: { lr: 'lr', eps: 'eps', initial_accumulator_value: 'initial_accumulator_value', weight_decay: 'weight_decay' }, neutral: { lr_decay: 0 }, state: { sum: 'sum_sq' } }],
  ['RMSprop', { kind: 'rmsprop', options: { lr: 'lr', alpha: 'alpha', eps: 'eps', weight_decay: 'weight_decay' }, neutral: { momentum: 0 }, state: { square_avg: 'avg_sq' } }],
]);

/** Settings a param group holds that change no rule. */
const BOOKKEEPING: ReadonlyMap<string, string> = new Map([['initial_lr', 'the learning rate an LR scheduler started from']]);

/** PyTorch's flags that change the rule when true (none of the engine's optimizers has them), and what they do. */
const RULE_FLAGS: ReadonlyMap<string, string> = new Map([
  ['nesterov', 'Nesterov momentum: the step adds μ·b_t to the gradient instead of taking b_t'],
  ['amsgrad', 'AMSGrad: divides by the largest second moment so far, not the current one'],
  ['maximize', 'ascends the objective: the gradient is negated'],
  ['centered', 'centred RMSprop: divides by the variance of the gradient, not its raw second moment'],
]);

/** Flags that choose how PyTorch runs the rule, not the rule. */
const RUN_FLAGS = 'how PyTorch runs it (the same rule)';

/**
 * The recorded optimizer (class and param group 0's settings, as the recorder keeps them) described
 * through its engine twin when PyTorch's class has one, every numeric setting maps onto it and no
 * flag that changes the rule (nesterov, amsgrad, maximize, centered) is on; else its settings as
 * recorded and the rule as a function of θ and g. A recording without flags (an older recorder)
 * is taken to have PyTorch's defaults, all off.
 */
export function recordedOptimizer(recorded: TraceIndex['optimizer']): RecordedOptimizer | null {
  if (!recorded) return null;
  const flags = Object.entries(recorded.flags ?? {});
  const twin = TWINS.get(recorded.type);
  const engine = twin && !flags.some(([name, on]) => on && RULE_FLAGS.has(name)) ? engineTwin(twin, recorded.hyper) : null;
  const meanings = new Map(engine?.hyperparams().map((h) => [h.name, h.meaning]) ?? []);
  const slots = new Map(engine?.slots().map((s) => [s.key, s]) ?? []);
  const hyperparams = [
    ...Object.entries(recorded.hyper).map(([name, value]) => ({
      name: name.replace(/\.(\d+)$/, '[$1]'),
      value,
      meaning: meanings.get((twin && own(twin.options, name)) ?? '') ?? BOOKKEEPING.get(name) ?? 'as recorded',
    })),
    ...flags.map(([name, value]) => ({ name, value, meaning: RULE_FLAGS.get(name) ?? RUN_FLAGS })),
  ];
  return {
    kind: recorded.type,
    formula: engine?.formula ?? updateFormula(recorded.type),
    hyperparams,
    slot: (key) => {
      const s = slots.get((twin && own(twin.state, key)) ?? '');
      return s ? { symbol: s.symbol, meaning: s.meaning } : { symbol: key, meaning: 'as recorded' };
    },
  };
}

/** The engine optimizer of the same rule over one stand-in parameter, or null when a setting does not map onto it. */
function engineTwin(twin: Twin, hyper: Readonly<Record<string, number>>): ReturnType<typeof createOptimizer> | null {
  const options = dict<number>();
  for (const [name, value] of Object.entries(hyper)) {
    const option = own(twin.options, name);
    if (option !== undefined) options[option] = value;
    else if (own(twin.neutral, name) !== value && !BOOKKEEPING.has(name)) return null;
  }
  try {
    return createOptimizer([Tensor.zeros([1], 'float64', 'θ')], { kind: twin.kind, ...options } as OptimizerOptions);
  } catch {
    // A setting out of the engine's range (a negative momentum): shown as recorded, without the rule.
    return null;
  }
}
