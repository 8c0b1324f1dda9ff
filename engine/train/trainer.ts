import { BackwardPass } from '../autograd/backward';
import { Tape, type OutputEdits } from '../autograd/tape';
import { fail } from '../errors';
import type { CheckedModel } from '../model/validate';
import { createOptimizer, type OptimizerOptions } from '../optim/create';
import type { Optimizer, OptimizerSnapshot } from '../optim/optimizer';
import { createSchedule, type ScheduleSpec } from '../schedules/create';
import type { Schedule } from '../schedules/schedule';
import type { Tensor } from '../tensor/tensor';
import { buildModel } from './build';
import type { Hyperparameter, Trainer, TrainerSnapshot, TrainingStepRun } from './contract';
import { located } from './located';
import type { Accuracy } from './loss';
import type { Evaluation, Objective } from './objective';
import type { WordModel } from './wordModel';
import { planEvents, type PlanContext } from './plan';
import { StepRun, type StepHost } from './step-run';
import { validationEvery } from './validation';

export interface TrainerOptions {
  /**
   * Copy gradient, parameter and state values into every parameter update (what the debugger shows
   * while stepping). Default true; headless runs turn it off.
   */
  readonly recordValues?: boolean;
}

/** What a finished step left behind, for progress lines and curves. */
export interface StepSummary {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly accuracy: Accuracy | null;
}

/** Hyperparameters set by edits: null keeps the model file's (the schedule's rate, `training.clip`'s bound). */
interface Overrides {
  readonly lr: number | null;
  readonly clip: number | null;
}

const NO_OVERRIDES: Overrides = { lr: null, clip: null };

interface TrainerState {
  readonly optimizer: OptimizerSnapshot;
  readonly objective: unknown;
  readonly last: StepSummary | null;
  readonly overrides: Overrides;
}

/**
 * A checked model file made runnable (the `Trainer` of ./contract.ts): its layers built, its
 * optimizer, schedule and clipping set up from `training:`. Each step runs on a fresh tape; nothing
 * from earlier steps is kept but the parameters, the optimizer's state, the RNG streams and the last
 * step's summary — which is also all a snapshot holds, so memory stays bounded however long it runs.
 */
export class ModelTrainer implements Trainer, StepHost {
  readonly totalSteps: number;
  readonly layers: Trainer['layers'];
  readonly optimizer: Optimizer;
  readonly schedule: Schedule;
  readonly params: readonly Tensor[];
  /** Training steps between validations (train/validation.ts), null without `validation`. */
  readonly validationEvery: number | null;
  private readonly fileClip: CheckedModel['spec']['training']['clip'];
  private overrides: Overrides = NO_OVERRIDES;
  private readonly objective: Objective;
  private readonly planContext: PlanContext;
  private completed_ = 0;
  private current: StepRun | null = null;
  /** The objective's state when the current step began (its batch is drawn by then). */
  private stepStart: unknown = null;
  private last_: StepSummary | null = null;
  /** The summary before the current step completed (put back when its completion is undone). */
  private lastBefore: StepSummary | null = null;
  private lastAccuracy: Accuracy | null = null;

  constructor(
    readonly model: CheckedModel,
    options: TrainerOptions = {},
  ) {
    const { spec } = model;
    const built = buildModel(model);
    this.objective = built.objective;
    this.params = built.params;
    this.totalSteps = spec.training.steps;
    this.validationEvery = validationEvery(spec);
    this.fileClip = spec.training.clip;
    this.layers = built.layers.map((l, i) => ({ name: l.name, kind: l.kind, range: l.range, params: built.params.filter((_, k) => built.owners[k] === i) }));
    this.optimizer = makeOptimizer(model, built.params);
    this.optimizer.recordValues = options.recordValues ?? true;
    this.schedule = makeSchedule(model);
    this.planContext = {
      layers: built.layers,
      lossRange: spec.loss?.range ?? null,
      clipRange: spec.training.clip?.range ?? null,
      params: built.params.map((p, i) => ({ name: p.name, owner: built.owners[i] })),
    };
  }

  get completedSteps(): number {
    return this.completed_;
  }

  /** The last completed step's loss, learning rate and batch accuracy. */
  get last(): StepSummary | null {
    return this.last_;
  }

  /** The step in progress, if any. */
  get running(): TrainingStepRun | null {
    return this.current && !this.current.done ? this.current : null;
  }

  /** Gradient clipping as the file sets it, with the bound an edit gave. */
  get clip(): CheckedModel['spec']['training']['clip'] {
    const c = this.fileClip;
    return c && this.overrides.clip !== null ? { ...c, max: this.overrides.clip } : c;
  }

  /** A hyperparameter's value now; null for `clip` when the model does not clip. */
  hyperparameter(name: Hyperparameter): number | null {
    return name === 'lr' ? this.optimizer.lr : (this.clip?.max ?? null);
  }

  /**
   * Sets a hyperparameter from now on: `lr` replaces the schedule's rate for the rest of the current
   * step's updates and every later step; `clip` the clipping bound. Kept in snapshots.
   */
  setHyperparameter(name: Hyperparameter, value: number): void {
    if (name === 'clip' && !this.fileClip) fail('E_ARGUMENT', 'the model does not clip gradients (training.clip is not set)');
    this.overrides = { ...this.overrides, [name]: value };
    if (name === 'lr') this.optimizer.lr = value;
  }

  set recordValues(on: boolean) {
    this.optimizer.recordValues = on;
  }

  beginStep(edits?: OutputEdits): TrainingStepRun {
    if (this.running) fail('E_ARGUMENT', `training step ${this.current!.step} is not finished; finish() it before beginning the next`);
    const start = this.objective.snapshot();
    for (const p of this.params) p.grad = null;
    const lr = this.overrides.lr ?? this.schedule.lrAt(this.completed_);
    this.optimizer.lr = lr;
    const tape = new Tape(edits);
    try {
      const fwd = this.objective.run(tape);
      const pass = new BackwardPass(tape, [fwd.loss]);
      const events = planEvents(tape.nodes, fwd.roles, pass.order, this.planContext);
      this.stepStart = start;
      this.lastAccuracy = fwd.accuracy;
      this.current = new StepRun(this.completed_ + 1, tape, events, fwd.loss, pass, this);
      return this.current;
    } catch (e) {
      this.objective.restore(start);
      throw located(e, null, null);
    }
  }

  /** Called by the step when its last event has run. */
  completed(run: StepRun): void {
    this.lastBefore = this.last_;
    this.completed_ = run.step;
    this.last_ = { step: run.step, loss: run.loss.data[0], lr: run.lr, accuracy: this.lastAccuracy };
    this.current = null;
  }

  /** Called by the step when its completion was undone (its last event taken back). */
  reopened(run: StepRun): void {
    this.completed_ = run.step - 1;
    this.last_ = this.lastBefore;
    this.current = run;
  }

  /**
   * Parameters, optimizer state, RNG streams and the step count. Taken during a step before any
   * parameter has been updated, it is the state at the step's start (replaying gives the same step).
   */
  snapshot(): TrainerSnapshot {
    if (this.current?.updating && this.running) {
      fail('E_ARGUMENT', `training step ${this.current.step} has updated some parameters; finish it before taking a snapshot`);
    }
    const objective = this.running ? this.stepStart : this.objective.snapshot();
    const state: TrainerState = { optimizer: this.optimizer.snapshot(), objective: structuredCopy(objective), last: this.last_, overrides: this.overrides };
    return { completedSteps: this.completed_, state };
  }

  /** Puts everything back as it was at the snapshot; a step in progress is dropped. */
  restore(s: TrainerSnapshot): void {
    const state = s.state as TrainerState;
    this.current = null;
    this.optimizer.restore(state.optimizer);
    this.objective.restore(structuredCopy(state.objective));
    this.completed_ = s.completedSteps;
    this.last_ = state.last;
    this.overrides = state.overrides;
    for (const p of this.params) p.grad = null;
  }

  /** The words behind a layer's ids (labels for embedding projections and attention heatmaps), if any. */
  vocabulary(layer: string): readonly string[] | null {
    return this.objective.vocabulary(layer);
  }

  /** The loss input for `fields` with the current parameters, on a tape of its own (greedy decoding in the Inspector); null when the objective has none. */
  predict(fields: Readonly<Record<string, Tensor>>): Tensor | null {
    return this.objective.predict?.(fields) ?? null;
  }

  /** The first `count` word vectors of a layer whose word vectors are composed, not rows (fastText); else null. */
  wordVectors(layer: string, count: number): Float64Array | null {
    return this.objective.wordVectors?.(layer, count) ?? null;
  }

  /** An embedding layer's counts, Huffman tree, co-occurrences or subwords; else null. */
  wordModel(layer: string): WordModel | null {
    return this.objective.wordModel?.(layer) ?? null;
  }

  /** A language model's line of text with the current parameters after `step` steps (`training: generate:`), null when the file asks for none. */
  generated(step: number): string | null {
    return this.objective.generated?.(step) ?? null;
  }

  /** Whether the file asks for a line of text after the step just completed: every `every` steps and after the last. */
  generatesAfter(step: number): boolean {
    const every = this.model.spec.training.generate?.every;
    return every !== undefined && (step % every === 0 || step === this.totalSteps);
  }

  /** Loss (and accuracy) over the held-out examples with the current parameters; null without `validation`. Touches no training state. */
  validate(): Evaluation | null {
    return this.objective.validate?.() ?? null;
  }

  /** Loss (and accuracy) over the whole data set with the current parameters; null for embedding models. `lean`: see Objective.evaluate. */
  evaluate(lean = false): Evaluation | null {
    return this.objective.evaluate(lean);
  }
}

function makeOptimizer(model: CheckedModel, params: readonly Tensor[]): Optimizer {
  const t = model.spec.training;
  try {
    return createOptimizer(params, { kind: t.optimizer.kind, lr: t.lr, ...t.optimizer.settings } as OptimizerOptions);
  } catch (e) {
    throw located(e, null, t.optimizer.range);
  }
}

function makeSchedule(model: CheckedModel): Schedule {
  const t = model.spec.training;
  try {
    return createSchedule({ kind: t.schedule.kind, ...t.schedule.settings } as ScheduleSpec, { base_lr: t.lr, total_steps: t.steps });
  } catch (e) {
    throw located(e, null, t.schedule.range);
  }
}

/** Snapshots are plain data; a copy keeps a stored one from changing as training goes on. */
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A runnable trainer for a checked model; errors are BackstepErrors located in the file. */
export function createTrainer(model: CheckedModel, options: TrainerOptions = {}): ModelTrainer {
  try {
    return new ModelTrainer(model, options);
  } catch (e) {
    throw located(e, null, null);
  }
}
