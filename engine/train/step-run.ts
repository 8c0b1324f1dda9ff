import type { BackwardPass } from '../autograd/backward';
import type { Tape } from '../autograd/tape';
import { BackstepError, fail } from '../errors';
import { clipGradients, type ClipRecord } from '../optim/clip';
import type { Optimizer } from '../optim/optimizer';
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
}

/**
 * One training step in progress. Forward and loss events were executed when the step began;
 * `advance()` executes the rest one at a time: a backward event visits exactly its node (one
 * `BackwardPass.step()`), the clip event rescales or clamps the gradients, a parameter event is one
 * `optimizer.stepParam(i)`. An event that fails is reported with its op, layer and line, and the
 * step stops there: later calls report the same error.
 */
export class StepRun implements TrainingStepRun {
  private cursor: number;
  private failure: BackstepError | null = null;

  constructor(
    readonly step: number,
    readonly tape: Tape,
    readonly events: readonly StepEvent[],
    readonly loss: Tensor,
    readonly lr: number,
    private readonly pass: BackwardPass,
    private readonly host: StepHost,
  ) {
    this.cursor = events.findIndex((e) => e.phase !== 'forward' && e.phase !== 'loss');
    if (this.cursor < 0) this.cursor = events.length;
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

  private execute(event: StepEvent): EventResult {
    if (event.phase === 'backward') {
      const node = this.pass.step();
      if (node !== event.node) fail('E_ARGUMENT', `internal error: the backward pass visited ${node?.name ?? 'nothing'} where the plan has ${event.node.name}`);
      return { kind: 'node', node };
    }
    if (event.phase !== 'update') return { kind: 'node', node: event.node };
    if (event.kind === 'clip') return clipResult(this.host);
    return { kind: 'param', update: this.host.optimizer.stepParam(event.index) };
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
