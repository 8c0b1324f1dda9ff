import type { TapeNode } from '../autograd/node';
import type { OutputEdits, Tape } from '../autograd/tape';
import type { SourceRange } from '../model/diagnostics';
import type { CheckedModel } from '../model/validate';
import type { ParamUpdate } from '../optim/optimizer';
import type { SettingDescription } from '../optim/options';
import type { Tensor } from '../tensor/tensor';
import type { Evaluation } from './objective';

/**
 * The contract between the trainer (engine/train, which builds and runs a model) and the stepping
 * session (engine/session, which moves a cursor over what the trainer does). One training step is a
 * planned list of events; the trainer executes them one at a time on request, so the session can
 * stop between any two. Everything is deterministic: the same model file and seed give identical
 * events and tensors, which is what lets the session go back in time by restoring a checkpoint and
 * replaying.
 */
export type StepEvent =
  /** A forward op (the forward pass runs eagerly when the step starts; stepping only reveals it). */
  | { readonly phase: 'forward'; readonly node: TapeNode; readonly layer: string | null; readonly range: SourceRange | null }
  /** An op of the loss computation (after the model's last layer). */
  | { readonly phase: 'loss'; readonly node: TapeNode; readonly layer: string | null; readonly range: SourceRange | null }
  /** One node of the backward pass: executing it computes the gradients it sends to its inputs. */
  | { readonly phase: 'backward'; readonly node: TapeNode; readonly layer: string | null; readonly range: SourceRange | null }
  /** Gradient clipping, when on (one event before the first parameter update). */
  | { readonly phase: 'update'; readonly kind: 'clip'; readonly layer: null; readonly range: SourceRange | null }
  /** One parameter's optimizer update. */
  | { readonly phase: 'update'; readonly kind: 'param'; readonly param: string; readonly index: number; readonly layer: string | null; readonly range: SourceRange | null };

/** What executing an event produced (kept for the current training step only). */
export type EventResult =
  | { readonly kind: 'node'; readonly node: TapeNode }
  | { readonly kind: 'clip'; readonly totalNorm: number; readonly factor: number; readonly maxNorm: number; readonly mode: 'norm' | 'value' }
  | { readonly kind: 'param'; readonly update: ParamUpdate };

/** One training step in progress. */
export interface TrainingStepRun {
  /** 1-based. */
  readonly step: number;
  readonly tape: Tape;
  readonly events: readonly StepEvent[];
  /** Events executed so far (forward and loss events count as executed from the start). */
  readonly executed: number;
  /** Executes the next event; throws a BackstepError (with op/layer) when an op fails. */
  advance(): EventResult;
  /** Executes every remaining event. */
  finish(): void;
  /**
   * Undoes the last executed backward or update event, so that the step is exactly as it was before
   * it (gradients, parameters, optimizer state; a completed step is open again) and `advance()`
   * executes it again. Returns false, changing nothing, when there is nothing to undo (only the
   * forward pass has run) or the step failed. Optional: a session without it goes back by replay.
   */
  undo?(): boolean;
  readonly loss: Tensor;
  readonly lr: number;
}

/** A built, runnable model with its data, optimizer and schedule. */
export interface Trainer {
  readonly model: CheckedModel;
  readonly totalSteps: number;
  /**
   * Layers in model order with their parameters and source lines; `within`: the layer this one is a
   * part of (a recorded module inside another), which the graph draws around it.
   */
  readonly layers: readonly { readonly name: string; readonly kind: string; readonly range: SourceRange; readonly params: readonly Tensor[]; readonly within?: string }[];
  /**
   * Starts training step `completedSteps + 1`: draws the batch, runs the forward pass and the loss,
   * on a tape that applies `edits` to the outputs they name (a trainer without edits ignores them;
   * the session then sees that they were not applied).
   */
  beginStep(edits?: OutputEdits): TrainingStepRun;
  /** Training steps completed. */
  readonly completedSteps: number;
  /** All mutable state (parameters, optimizer, RNG, step count): plain data, structured-clonable. */
  snapshot(): TrainerSnapshot;
  restore(s: TrainerSnapshot): void;
  /** A language model's line of text with the current parameters after `step` steps (`training: generate:`); null when none is asked for. */
  generated?(step: number): string | null;
  /** Whether a line of text is due after `step`. */
  generatesAfter?(step: number): boolean;
  /** Training steps between validations, and the validation itself (a trainer without held-out data has neither). */
  readonly validationEvery?: number | null;
  validate?(): Evaluation | null;
  /** Why values and hyperparameters cannot be edited (a recording, engine/trace/replay.ts); absent when they can. */
  readonly readOnly?: string;
  /** The number the UI shows for training step `step` (a recording's own numbering); `step` itself when absent. */
  stepNumber?(step: number): number;
  /** The optimizer as the Inspector describes it (a recording's: PyTorch's class and settings as recorded); absent: the engine optimizer's (engine/session/extras.ts). */
  describeOptimizer?(): OptimizerDescription | null;
  /** The learning rate of training step `step` (1-based), known before it runs (a recording's, as recorded); absent: the schedule's. */
  lrOf?(step: number): number;
  /** Where the code of a module scope (its tape scope, layer first) is defined in another file than the model (a recording's module: its class's `forward`); absent or null: nowhere known. */
  moduleSource?(scope: readonly string[]): FrameSource | null;
}

/** A place in a source file other than the model file (absolute path, 1-based line). */
export interface FrameSource {
  readonly file: string;
  readonly line: number;
}

/** An optimizer's name (the engine's kind, or PyTorch's class), its rule in LaTeX and its settings. */
export interface OptimizerDescription {
  readonly kind: string;
  readonly formula: string;
  readonly hyperparams: readonly SettingDescription[];
}

/** The hyperparameters an edit can set (engine/session/edits.ts). */
export type Hyperparameter = 'lr' | 'clip';

export interface TrainerSnapshot {
  readonly completedSteps: number;
  readonly state: unknown;
}
