import type { Tape } from '../autograd/tape';
import type { Tensor } from '../tensor/tensor';
import type { Accuracy } from './loss';
import type { BuiltLayer } from './wire';
import type { WordModel } from './wordModel';

/** Which layer recorded a tape node and whether it belongs to the forward pass or the loss. */
export interface NodeRole {
  readonly phase: 'forward' | 'loss';
  /** Index into the objective's layers, or null for the loss of a supervised model. */
  readonly layer: number | null;
}

/** One step's forward pass and loss, run eagerly on a tape. */
export interface StepForward {
  readonly loss: Tensor;
  /** One role per tape node, by node index. */
  readonly roles: readonly NodeRole[];
  /** On this step's batch, where the loss has a notion of right answers. */
  readonly accuracy: Accuracy | null;
}

export interface Evaluation {
  /** Mean loss over the whole data set (supervised models), with the current parameters. */
  readonly loss: number;
  readonly accuracy: Accuracy | null;
  readonly examples: number;
}

/**
 * What a step trains on: a supervised model (layers, then a loss against a target) or an embedding
 * model on its own objective. Both draw their examples deterministically from their own RNG
 * streams, whose state `snapshot` captures.
 */
export interface Objective {
  readonly layers: readonly BuiltLayer[];
  run(tape: Tape): StepForward;
  /** The whole data set with the current parameters (no gradients), or null when not meaningful; `lean`: without the tape's bookkeeping (autograd/tape.ts), same values. */
  evaluate(lean?: boolean): Evaluation | null;
  /** A language model's line of text after `step` steps (`training: generate:`); null otherwise. */
  generated?(step: number): string | null;
  /** The held-out examples (`validation:`) with the current parameters (no gradients), or null without them. */
  validate?(): Evaluation | null;
  snapshot(): unknown;
  restore(state: unknown): void;
  /** The words behind a layer's token ids (an embedding model's vocabulary, a token field's), if any. */
  vocabulary(layer: string): readonly string[] | null;
  /** The first `count` word vectors of a layer whose word vectors are not its matrix's rows (fastText), if any. */
  wordVectors?(layer: string, count: number): Float64Array | null;
  /** The loss input for `fields` with the current parameters, off the step's tape (no gradients); null without a loss. */
  predict?(fields: Readonly<Record<string, Tensor>>): Tensor | null;
  /** An embedding layer's counts, tree or subwords (train/wordModel.ts), if it is one. */
  wordModel?(layer: string): WordModel | null;
}
