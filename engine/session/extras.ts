import type { Optimizer } from '../optim/optimizer';
import type { Schedule } from '../schedules/schedule';
import type { Trainer } from '../train/contract';

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
}

export type SessionTrainer = Trainer & TrainerExtras;

export function optimizerOf(t: Trainer): Optimizer | null {
  const o = (t as TrainerExtras).optimizer;
  return o && typeof o.stateOf === 'function' ? o : null;
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
