import type { EventResult, Trainer, TrainerSnapshot, TrainingStepRun } from '../train/contract';
import { Checkpoints, type CheckpointOptions } from './checkpoints';
import { EditList, type EditHost } from './edits';
import type { TrainerExtras } from './extras';
import { StepOutline } from './outline';

/** Told about every step the first time it runs (the history is built from this). */
export interface StepObserver {
  needs(step: number): boolean;
  /** Every backward event has run, no update yet: gradients are complete and not clipped. */
  gradientsComplete(t: Timeline): void;
  /** The last event of the step has run. */
  completed(t: Timeline): void;
}

/**
 * The trainer moved through time. The current training step's run holds the only full tensors;
 * a point earlier in it is reached by undoing its events one by one (the run keeps what each
 * changed); any other point by restoring a snapshot and replaying deterministically: the snapshot
 * taken just before the current step began (for going back inside it), or the latest periodic
 * checkpoint (for earlier steps). `seek(step, count)` leaves the trainer with the first `count`
 * events of `step` executed (forward and loss events always are).
 */
export class Timeline {
  run: TrainingStepRun | null = null;
  private outline_: StepOutline | null = null;
  /** What each executed event of the current step produced. */
  results: (EventResult | null)[] = [];
  /** The step of `run`, or of the step whose forward pass failed. */
  current = 0;
  readonly checkpoints: Checkpoints;
  /** Edits of values in force, applied whenever a step they belong to (re)runs (./edits.ts). */
  readonly edits = new EditList();
  private stepStart: TrainerSnapshot;
  private gradientsTold = false;

  constructor(
    readonly trainer: Trainer,
    private readonly observer: StepObserver,
    private readonly optimizerKind: string,
    options: CheckpointOptions = {},
  ) {
    this.stepStart = trainer.snapshot();
    this.checkpoints = new Checkpoints(this.stepStart, options);
  }

  /** The structure of the current run's events (built when first asked for: replays do not need it). */
  get outline(): StepOutline | null {
    if (!this.outline_ && this.run) this.outline_ = new StepOutline(this.run.events, this.optimizerKind, this.trainer.layers, this.run.tape.modules);
    return this.outline_;
  }

  get totalSteps(): number {
    return this.trainer.totalSteps;
  }

  /** Events executed in the current run (0 when there is none). */
  get executed(): number {
    return this.run?.executed ?? 0;
  }

  /** Leaves events [0, count) of `step` executed (at least the forward pass); throws what a failing op throws. */
  seek(step: number, count: number): void {
    const atStart = this.run && this.current === step ? this.outline!.executedAtStart : 0;
    if (this.run && this.current === step) this.undoTo(Math.max(count, atStart));
    if (!this.run || this.current !== step || this.run.executed > Math.max(count, atStart)) this.reach(step);
    while (this.run!.executed < count && this.executeNext()) {
      /* one event at a time, so the observer sees the end of the backward pass */
    }
  }

  /** Executes the next event of the current run; null at its end. */
  executeNext(): EventResult | null {
    const run = this.run!;
    const i = run.executed;
    if (i >= run.events.length) return null;
    const tell = this.observer.needs(run.step);
    if (tell && !this.gradientsTold && run.events[i].phase === 'update') this.tellGradients();
    const result = run.advance();
    this.results[i] = result;
    if (this.edits.length) this.edits.apply(run.step, run.executed, this.editHost());
    if (tell && run.executed === run.events.length) {
      if (!this.gradientsTold) this.tellGradients();
      this.observer.completed(this);
    }
    return result;
  }

  /** Going back inside the current step: its run undoes events one by one (else `reach` replays it). */
  private undoTo(count: number): void {
    const run = this.run!;
    while (run.executed > count && run.undo?.()) this.results[run.executed] = null;
  }

  /** Starts training step `step` from the state where the previous one completed. */
  private reach(step: number): void {
    const done = this.trainer.completedSteps;
    const sameStepAgain = this.current === step && this.stepStart.completedSteps === step - 1;
    if (sameStepAgain) this.trainer.restore(this.stepStart);
    else if (!this.run || step <= this.current || done > step - 1) this.restoreBefore(step);
    else this.finishCurrent();
    this.fastForward(step - 1);
    this.begin(step);
  }

  private restoreBefore(step: number): void {
    const cp = this.checkpoints.atOrBefore(step - 1);
    const useStart = this.stepStart.completedSteps <= step - 1 && this.stepStart.completedSteps > cp.completedSteps;
    this.trainer.restore(useStart ? this.stepStart : cp);
    this.run = null;
  }

  private finishCurrent(): void {
    if (this.run) while (this.executeNext()) {
      /* to the end of the step */
    }
    this.run = null;
  }

  /** Completes steps until `completed` are done, jumping by a checkpoint when one lies ahead. */
  private fastForward(completed: number): void {
    const cp = this.checkpoints.atOrBefore(completed);
    if (cp.completedSteps > this.trainer.completedSteps) this.trainer.restore(cp);
    while (this.trainer.completedSteps < completed) {
      const step = this.trainer.completedSteps + 1;
      this.begin(step);
      if (this.observer.needs(step) || this.edits.touches(step)) this.finishCurrent();
      else this.run!.finish();
      this.run = null;
    }
  }

  private begin(step: number): void {
    this.run = null;
    this.outline_ = null;
    this.current = step;
    this.stepStart = this.trainer.snapshot();
    this.checkpoints.add(this.stepStart);
    this.gradientsTold = false;
    if (this.edits.length) this.edits.apply(step, 0, this.editHost());
    const outputs = this.edits.outputs(step);
    const run = this.trainer.beginStep(outputs.edits);
    outputs.check();
    this.run = run;
    this.results = new Array<EventResult | null>(run.events.length).fill(null);
  }

  /**
   * The timeline from step `step` on is no longer what was run (an edit was made or undone there):
   * its checkpoints go, and the current step runs again from its start when next sought.
   */
  rewrite(step: number): void {
    this.checkpoints.dropFrom(step);
    this.run = null;
    this.outline_ = null;
  }

  private editHost(): EditHost {
    const t = this.trainer as Trainer & TrainerExtras;
    return {
      param: (name) => this.trainer.layers.flatMap((l) => l.params).find((p) => p.name === name),
      setHyperparameter: t.setHyperparameter?.bind(t),
    };
  }

  private tellGradients(): void {
    this.gradientsTold = true;
    this.observer.gradientsComplete(this);
  }
}
