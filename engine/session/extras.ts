import type { Optimizer } from '../optim/optimizer';
import type { Schedule } from '../schedules/schedule';
import type { Hyperparameter, OptimizerDescription, Trainer } from '../train/contract';
import type { Tensor } from '../tensor/tensor';
import type { WordModel } from '../train/wordModel';

/**
 * What the session uses from a trainer beyond the contract, when the trainer has it (the model
 * trainer of engine/train does): the optimizer (its state is shown and can be evaluated as
 * `memory.W_f.m`), the schedule (the learning-rate curve over all planned steps) and the words of
 * an embedding layer (labels of the embedding projection and of attention heatmaps).
 */
export interface TrainerExtras {
  readonly optimizer?: Optimizer;
  readonly schedule?: Schedule;
  vocabulary?(layer: string): readonly string[] | null;
  wordVectors?(layer: string, count: number): Float64Array | null;
  predict?(fields: Readonly<Record<string, Tensor>>): Tensor | null;
  wordModel?(layer: string): WordModel | null;
  /** A hyperparameter an edit can set: its value now (null: the model has none), and setting it. */
  hyperparameter?(name: Hyperparameter): number | null;
  setHyperparameter?(name: Hyperparameter, value: number): void;
}

export type SessionTrainer = Trainer & TrainerExtras;

export function optimizerOf(t: Trainer): Optimizer | null {
  const o = (t as TrainerExtras).optimizer;
  return o && typeof o.stateOf === 'function' ? o : null;
}

/** The optimizer as the trainer describes it, else its engine optimizer's rule and settings under `kind` (the model's); null when it has neither. */
export function optimizerDescriptionOf(t: Trainer, kind: string): OptimizerDescription | null {
  if (typeof t.describeOptimizer === 'function') return t.describeOptimizer();
  const o = optimizerOf(t);
  return o ? { kind, formula: o.formula, hyperparams: o.hyperparams() } : null;
}

/** The learning rate of each training step (1-based) before it runs: the trainer's, else its schedule's; null when neither is known. */
export function plannedLrOf(t: Trainer): ((step: number) => number) | null {
  const own = t.lrOf;
  if (typeof own === 'function') return (step) => own.call(t, step);
  const s = scheduleOf(t);
  return s ? (step) => s.lrAt(step - 1) : null;
}

export function scheduleOf(t: Trainer): Schedule | null {
  const s = (t as TrainerExtras).schedule;
  return s && typeof s.lrAt === 'function' ? s : null;
}

export function vocabularyOf(t: Trainer, layer: string): readonly string[] | null {
  const f = (t as TrainerExtras).vocabulary;
  return typeof f === 'function' ? f.call(t, layer) : null;
}

/** A layer's first `count` word vectors when they are composed rather than its matrix's rows (fastText). */
export function wordVectorsOf(t: Trainer, layer: string, count: number): Float64Array | null {
  const f = (t as TrainerExtras).wordVectors;
  return typeof f === 'function' ? f.call(t, layer, count) : null;
}

/** The model's loss input for `fields` with the current parameters (off the step's tape), or null when the trainer cannot say. */
export function predictOf(t: Trainer, fields: Readonly<Record<string, Tensor>>): Tensor | null {
  const f = (t as TrainerExtras).predict;
  return typeof f === 'function' ? f.call(t, fields) : null;
}

/** A hyperparameter's value when the trainer lets edits set it; undefined when it does not. */
export function hyperparameterOf(t: Trainer, name: Hyperparameter): number | null | undefined {
  const x = t as TrainerExtras;
  return typeof x.hyperparameter === 'function' && typeof x.setHyperparameter === 'function' ? x.hyperparameter(name) : undefined;
}

/** An embedding layer's counts, Huffman tree, co-occurrences or subwords (train/wordModel.ts), when the trainer has them. */
export function wordModelOf(t: Trainer, layer: string): WordModel | null {
  const f = (t as TrainerExtras).wordModel;
  return typeof f === 'function' ? f.call(t, layer) : null;
}
