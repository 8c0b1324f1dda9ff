import type { BackwardPass } from '../autograd/backward';
import type { Tape } from '../autograd/tape';
import { BackstepError, fail } from '../errors';
import { clipGradients, type ClipRecord } from '../optim/clip';
import type { Optimizer, ParamSnapshot } from '../optim/optimizer';
import type { ClipSpec } from '../model/spec';
import type { Tensor } from '../tensor/tensor';
import type { EventResult, StepEvent, TrainingStepRun } from './contract';
import { located } from './located';

/** What a step needs from its trainer to execute update events and report that it is done. */
export interface StepHost {
  readonly optimizer: Optimizer;
  readonly params: readonly Tensor[];
  readonly clip: ClipSpec | null;
  completed(run: StepRun): void;
  /** The completed step's last event was undone: the step is in progress again. */
  reopened(run: StepRun): void;
}

/** What undoing one executed event puts back. */
type UndoRecord =
  /** Each gradient a backward node may accumulate into: the tensor it was (null: none yet) and its values. */
  | { readonly kind: 'grads'; readonly grads: readonly { readonly x: Tensor; readonly grad: Tensor | null; readonly data: Tensor['data'] | null }[] }
  /** Clipping replaces gradients by new tensors: the ones it replaced. */
  | { readonly kind: 'clip'; readonly grads: readonly (Tensor | null)[] }
  | { readonly kind: 'param'; readonly snapshot: ParamSnapshot };

/**
 * One training step in progress. Forward and loss events were executed when the step began;
 * `advance()` executes the rest one at a time: a backward event visits exactly its node (one
 * `BackwardPass.step()`), the clip event rescales or clamps the gradients, a parameter event is one
 * `optimizer.stepParam(i)`. An event that fails is reported with its op, layer and line, and the
 * step stops there: later calls report the same error. Each executed event keeps what `undo()`
 * needs to take it back (the gradients or parameter it changed, as they were), so going back inside
 * the step costs one event, not a replay.
 */
export class StepRun implements TrainingStepRun {
  private cursor: number;
  private failure: BackstepError | null = null;
  private readonly undoRecords: (UndoRecord | null)[] = [];

  constructor(
    readonly step: number,
    readonly tape: Tape,
    readonly events: readonly StepEvent[],
    readonly loss: Tensor,
    private readonly pass: BackwardPass,
    private readonly host: StepHost,
  ) {
    this.cursor = events.findIndex((e) => e.phase !== 'forward' && e.phase !== 'loss');
    if (this.cursor < 0) this.cursor = events.length;
  }

  /** The rate this step's updates use (the schedule's, or an edit's). */
  get lr(): number {
    return this.host.optimizer.lr;
  }

  get executed(): number {
    return this.cursor;
  }

  get done(): boolean {
    return this.cursor >= this.events.length;
  }

  /** True once an update event has run: the parameters no longer hold the step's starting values. */
  get updating(): boolean {
    const first = this.events.findIndex((e) => e.phase === 'update' && e.kind === 'param');
    return first >= 0 && this.cursor > first;
  }

  advance(): EventResult {
    if (this.failure) throw this.failure;
    if (this.done) fail('E_ARGUMENT', `training step ${this.step} is complete: begin the next step`);
    const event = this.events[this.cursor];
    let result: EventResult;
    try {
      result = this.execute(event);
    } catch (e) {
      this.failure = located(e, event.layer, event.range);
      throw this.failure;
    }
    this.cursor++;
    if (this.done) this.host.completed(this);
    return result;
  }

  finish(): void {
    while (!this.done) this.advance();
  }

  undo(): boolean {
    const first = this.events.findIndex((e) => e.phase !== 'forward' && e.phase !== 'loss');
    if (this.failure || first < 0 || this.cursor <= first) return false;
    const wasDone = this.done;
    const record = this.undoRecords[--this.cursor];
    this.undoRecords[this.cursor] = null;
    if (record) this.takeBack(record);
    if (wasDone) this.host.reopened(this);
    return true;
  }

  private execute(event: StepEvent): EventResult {
    this.undoRecords[this.cursor] = this.recordFor(event);
    if (event.phase === 'backward') {
      const node = this.pass.step();
      if (node !== event.node) fail('E_ARGUMENT', `internal error: the backward pass visited ${node?.name ?? 'nothing'} where the plan has ${event.node.name}`);
      return { kind: 'node', node };
    }
    if (event.phase !== 'update') return { kind: 'node', node: event.node };
    if (event.kind === 'clip') return clipResult(this.host);
    return { kind: 'param', update: this.host.optimizer.stepParam(event.index) };
  }

  /** What executing `event` will change, as it is now. */
  private recordFor(event: StepEvent): UndoRecord | null {
    if (event.phase === 'backward') {
      const inputs = [...new Set(event.node.inputs.filter((x) => x.requiresGrad))];
      return { kind: 'grads', grads: inputs.map((x) => ({ x, grad: x.grad, data: x.grad ? x.grad.data.slice() : null })) };
    }
    if (event.phase !== 'update') return null;
    if (event.kind === 'clip') return { kind: 'clip', grads: this.host.params.map((p) => p.grad) };
    return { kind: 'param', snapshot: this.host.optimizer.paramSnapshot(event.index) };
  }

  private takeBack(record: UndoRecord): void {
    if (record.kind === 'grads') {
      this.pass.unstep();
      for (const { x, grad, data } of record.grads) {
        if (grad && data) grad.data.set(data);
        x.grad = grad;
      }
    } else if (record.kind === 'clip') {
      this.host.params.forEach((p, i) => (p.grad = record.grads[i]));
    } else {
      this.host.optimizer.restoreParam(record.snapshot);
    }
  }
}

function clipResult(host: StepHost): EventResult {
  const clip = host.clip ?? fail('E_ARGUMENT', 'internal error: a clip event without clipping');
  const rec: ClipRecord = clip.mode === 'norm' ? clipGradients(host.params, { kind: 'norm', max_norm: clip.max }) : clipGradients(host.params, { kind: 'value', clip_value: clip.max });
  if (rec.kind === 'norm') return { kind: 'clip', mode: 'norm', totalNorm: rec.totalNorm, factor: rec.factor, maxNorm: rec.maxNorm };
  const before = Math.hypot(...rec.grads.map((g) => g.normBefore));
  const after = Math.hypot(...rec.grads.map((g) => g.normAfter));
  return { kind: 'clip', mode: 'value', totalNorm: before, factor: before > 0 ? after / before : 1, maxNorm: rec.clipValue };
}
