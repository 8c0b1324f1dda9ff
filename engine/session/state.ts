import { dict } from '../dict';
import { BackstepError } from '../errors';
import type { CheckedModel } from '../model/validate';
import type { Location } from '../protocol/location';
import type { StopInfo, StopReason } from '../protocol/session';
import type { Trainer } from '../train/contract';
import { LIMITS } from '../limits';
import { Breakpoints, type Breakpoint } from './breakpoints';
import { DataBreakpoints, type DataScope } from './dataBreakpoints';
import { catalogueOf, type FunctionCatalogue } from './functionNames';
import { renderLogMessage } from './logMessage';
import { valueText } from './variables';
import type { CheckpointOptions } from './checkpoints';
import { comparePositions, type Cursor, type Level, type Position } from './cursor';
import { undoEditsAfterCursor } from './editing';
import { evaluateExpr, ExpressionError, NotComputedError, asNumber } from './expression';
import { exceptionFilterDef } from '../model/catalog/exceptionFilters';
import { ExceptionBreakpoints, type ExceptionHit } from './exceptions';
import { optimizerOf } from './extras';
import { emptyLocation, locationOf } from './frames';
import { validatesAt } from '../train/validation';
import { History, type HistoryOptions, type StepHealth } from './history';
import { deadFraction } from './exceptions';
import type { LayerParams, StepOutline } from './outline';
import { countNonFinite } from '../tensor/stats';
import { SessionNames, type Present } from './names';
import type { Tensor } from '../tensor/tensor';
import { attentionEntropy, gateMeans, layerGradNorms, timeStepGradNorms } from './summary';
import { importedAttention } from '../onnx/attention';
import { Timeline, type StepObserver } from './timeline';
import { Trail } from './trail';
import { Trajectory } from './surface/trajectory';

/** A failing op: where it failed (the event is not executed) and the error. */
export interface Fault {
  readonly step: number;
  /** The event that threw, or -1 when the forward pass (beginning the step) threw. */
  readonly event: number;
  readonly error: BackstepError;
}

/** Why a run stopped before its target. */
export type Hit =
  | { readonly kind: 'exception'; readonly hit: ExceptionHit }
  /** `atOp`: a function breakpoint on an op or a data breakpoint stops at the op, not at layer level. */
  | { readonly kind: 'breakpoint'; readonly ids: number[]; readonly description: string; readonly atOp: boolean };

export interface StateOptions {
  readonly checkpoints?: CheckpointOptions;
  readonly history?: HistoryOptions;
}

/**
 * Everything one session holds about a running model, and the moves every command is built from:
 * going to a position (replaying as needed), finding the position after another, checking a
 * position for breakpoints and exceptions, and describing the stop. The trainer's state always
 * matches the cursor between commands.
 */
export class SessionState {
  readonly timeline: Timeline;
  readonly history: History;
  /** The parameters after each completed step, for the optimizer's path on the loss surface. */
  readonly trajectory = new Trajectory();
  readonly breakpoints = new Breakpoints();
  readonly exceptions = new ExceptionBreakpoints();
  readonly data = new DataBreakpoints(() => this.breakpoints.newId());
  cursor: Cursor = { step: 1, event: 0, level: 'layer' };
  /** The stops forward stepping made, for Step Back to retrace. */
  readonly trail = new Trail();
  fault: Fault | null = null;
  lastStop: StopInfo | null = null;
  /** Messages for the output channel (a condition that failed to evaluate, logpoints' lines). */
  readonly output: string[] = [];
  /** A language model's line of text after each step that wrote one (`training: generate:`), for the Inspector. */
  readonly generated = new Map<number, string>();
  /** Logpoint lines printed and left out in this run (LIMITS.logLines). */
  private logged = { printed: 0, dropped: 0 };
  private recording = true;
  private grads: { step: number; gradNorms: Record<string, number>; timeStepGradNorms: Record<string, number[]> } | null = null;

  constructor(
    readonly model: CheckedModel,
    readonly trainer: Trainer,
    options: StateOptions = {},
  ) {
    this.history = new History(options.history);
    this.timeline = new Timeline(trainer, this.observer(), model.spec.training.optimizer.kind, options.checkpoints);
    this.recordTrajectory(trainer.completedSteps);
  }

  /** θ after a step, for the loss surface; a recording's parameters are read only when asked for (and may be statistics only). */
  private recordTrajectory(step: number): void {
    if (!this.trainer.readOnly) this.trajectory.record(step, this.trainer.layers.flatMap((l) => l.params));
  }

  get totalSteps(): number {
    return this.trainer.totalSteps;
  }

  /** The number the UI shows for training step `step`: a recording's own (100), else `step`. */
  stepNumber(step: number): number {
    return this.trainer.stepNumber?.(step) ?? step;
  }

  /** Whether the steps are numbered by their source (a recording), not counted from 1. */
  get numbered(): boolean {
    return typeof this.trainer.stepNumber === 'function';
  }

  /** `step 3 of 20`; a recording's, with its own number: `step 100 (1 of 3 recorded)`. */
  stepText(step: number): string {
    return this.numbered ? `step ${this.stepNumber(step)} (${step} of ${this.totalSteps} recorded)` : `step ${step} of ${this.totalSteps}`;
  }

  /** Puts the trainer at `pos` (its event executed) and the cursor there; a failing op becomes the fault. */
  moveTo(pos: Position, level: Level): boolean {
    this.fault = null;
    try {
      if (this.recording) {
        // Copies of update values cost more than the updates: only the event moved to records them.
        this.recordValues(false);
        try {
          this.timeline.seek(pos.step, pos.event);
        } finally {
          this.recordValues(true);
        }
      }
      if (this.data.all.length && this.timeline.current === pos.step && this.timeline.executed === pos.event) this.data.beforeEvent(this.timeline.outline!, pos);
      this.timeline.seek(pos.step, pos.event + 1);
      this.cursor = { ...pos, level };
      return true;
    } catch (e) {
      this.fault = this.faultFrom(e, pos.step);
      this.cursor = { step: this.fault.step, event: Math.max(0, this.fault.event), level: 'op' };
      return false;
    }
  }

  /** The position after `pos` in timeline order, or null after the last event of the last step. */
  nextPosition(pos: Position): Position | null {
    if (this.fault && comparePositions(pos, this.faultPosition()) === 0) return pos;
    const o = this.timeline.outline;
    if (o && this.timeline.current === pos.step && pos.event + 1 < o.length) return { step: pos.step, event: pos.event + 1 };
    return pos.step < this.totalSteps ? { step: pos.step + 1, event: 0 } : null;
  }

  /**
   * What was computed from training step `step` on no longer holds (an edit was made or undone
   * there): its checkpoints, history records and gradient norms go, and the trainer is put at the
   * cursor again, recomputing. False when an op fails on the way (the fault is set).
   */
  rewrite(step: number): boolean {
    this.timeline.rewrite(step);
    this.history.truncate(step - 1);
    this.trajectory.truncate(step - 1);
    for (const done of this.generated.keys()) if (done >= step) this.generated.delete(done);
    if (this.grads && this.grads.step >= step) this.grads = null;
    return this.moveTo(this.cursor, this.cursor.level);
  }

  /**
   * Breakpoints and exceptions at the current timeline position (its event just executed). Going
   * forward (`counting`) hit counts advance and logpoints print; going back (Reverse Continue
   * scans the past) logpoints neither print nor stop.
   */
  check(pos: Position, counting: boolean): Hit | null {
    const o = this.timeline.outline!;
    const ex = this.exceptions.check(o, pos.event, this.timeline.results[pos.event], this.trainer.layers);
    if (ex) return { kind: 'exception', hit: ex };
    const hits: Breakpoint[] = [];
    const notes: string[] = [];
    for (const b of this.breakpoints.at(o, pos.event, pos.step)) {
      if (b.log && !counting) continue;
      const verdict = this.condition(b, pos);
      if (verdict === false) continue;
      if (typeof verdict === 'string' && b.log) continue;
      if (typeof verdict === 'string') notes.push(verdict);
      if (counting) b.hits++;
      if (counting && !Breakpoints.hitMatches(b)) continue;
      if (b.log) this.log(renderLogMessage(b.log, this.names(pos), valueText));
      else hits.push(b);
    }
    const data = this.data.at(o, pos, counting);
    if (hits.length === 0) return data && { kind: 'breakpoint', ...data, atOp: true };
    const ids = [...hits.map((b) => b.id), ...(data?.ids ?? [])];
    return { kind: 'breakpoint', ids, description: notes[0] ?? this.breakpointText(hits[0]), atOp: !!data || Breakpoints.atOp(hits) };
  }

  /** A logpoint's line, while this run has printed fewer than LIMITS.logLines. */
  private log(line: string): void {
    if (this.logged.printed >= LIMITS.logLines.max) this.logged.dropped++;
    else {
      this.logged.printed++;
      this.output.push(line);
    }
  }

  /** The lines to print now; at the end of a run, with a note of the logpoint lines left out, and the count starts over. */
  takeOutput(endOfRun: boolean): string[] {
    const lines = this.output.splice(0);
    if (!endOfRun) return lines;
    const { dropped } = this.logged;
    this.logged = { printed: 0, dropped: 0 };
    if (dropped) lines.push(`… ${dropped.toLocaleString('en-US')} more logpoint lines left out: a run prints at most ${LIMITS.logLines.max.toLocaleString('en-US')} (a hit condition such as % 100 logs every 100th hit)`);
    return lines;
  }

  /** The stop at the cursor, remembered as the last one. */
  stop(reason: StopReason, description: string, extra: Partial<Pick<StopInfo, 'breakpointIds' | 'exception'>> = {}): StopInfo {
    undoEditsAfterCursor(this);
    const location = this.location();
    const text = description || describeLocation(location, this.stepNumber(location.trainingStep));
    const stop: StopInfo = { reason, description: text, location, breakpointIds: extra.breakpointIds ?? [], ...(extra.exception ? { exception: extra.exception } : {}) };
    this.lastStop = stop;
    return stop;
  }

  stopForHit(hit: Hit): StopInfo {
    if (hit.kind === 'breakpoint') return this.stop('breakpoint', hit.description, { breakpointIds: hit.ids });
    // The filter's label leads: the Call Stack's header shows only the start of the description.
    const label = exceptionFilterDef(hit.hit.filter)?.label ?? hit.hit.filter;
    return this.stop('exception', `Paused on ${label}: ${hit.hit.message}`, { exception: { filter: hit.hit.filter, message: hit.hit.message } });
  }

  stopForFault(): StopInfo {
    const f = this.fault!;
    const message = f.error.describe();
    return this.stop('exception', `Paused on an error: ${message}`, { exception: { filter: 'op_error', message } });
  }

  location(): Location {
    const f = this.fault;
    if (f && f.event < 0) {
      const layer = f.error.where.layer ?? null;
      const range = this.model.spec.layers.find((l) => l.name === layer)?.range ?? null;
      return { ...emptyLocation(f.step), layer, node: f.error.where.node ?? null, op: f.error.where.op ?? null, range };
    }
    return locationOf(this.cursor, this.timeline.current === this.cursor.step ? this.timeline.outline : null);
  }

  /** The names Watch, Evaluate and breakpoint conditions read at the cursor: only what has been computed. */
  names(pos: Position = this.cursor): SessionNames {
    const o = this.timeline.outline;
    return new SessionNames(this.trainer, this.timeline, o?.events[pos.event] ?? null, this.present(pos));
  }

  private present(pos: Position): Present {
    const o = this.timeline.outline;
    const run = this.timeline.run;
    if (!o || !run || this.timeline.current !== pos.step || (this.fault && this.fault.event < 0)) return { notYet: new Set(), loss: this.lossBefore(pos.step) };
    const notYet = new Set<Tensor>();
    o.events.forEach((e, i) => {
      if (i > pos.event && e.node && (e.phase === 'forward' || e.phase === 'loss')) for (const y of e.node.outputs) notYet.add(y);
    });
    const lossEvent = lastLossEvent(o);
    return { notYet, loss: pos.event >= lossEvent ? run.loss.data[0] : this.lossBefore(pos.step) };
  }

  private lossBefore(step: number): number | null {
    return step > 1 && step - 1 <= this.history.recorded ? this.history.lossAt(step - 1) : null;
  }

  /** Copies of update values are on while the user steps and off during long runs. */
  recordValues(on: boolean): void {
    this.recording = on;
    const opt = optimizerOf(this.trainer);
    if (opt) opt.recordValues = on;
  }

  /** Whether a breakpoint or an exception may stop somewhere in a recorded step (else Reverse Continue skips it). */
  mayStopIn(step: number): boolean {
    const health = this.history.healthAt(step);
    return !health || this.data.all.length > 0 || this.exceptions.mayFire(health) || this.breakpoints.mayHitIn(step, this.history);
  }

  /**
   * What function and data breakpoints are read against: the ops and names of the step at the
   * cursor (step 1's forward pass is run when nothing has run yet), the parameters.
   */
  stepCatalogue(): { readonly functions: FunctionCatalogue; readonly data: DataScope } {
    if (!this.timeline.run && !this.lastStop && !this.fault) this.moveTo({ step: 1, event: 0 }, 'layer');
    const o = this.timeline.outline;
    const params = new Map(this.trainer.layers.flatMap((l) => l.params.map((p): [string, Tensor] => [p.name, p])));
    const tensors = new Set<string>();
    for (const e of o?.events ?? []) if (e.node && (e.phase === 'forward' || e.phase === 'loss')) for (const y of e.node.outputs) if (y.name) tensors.add(y.name);
    const numbers = this.numbered ? Array.from({ length: this.totalSteps }, (_, k) => this.stepNumber(k + 1)) : undefined;
    return { functions: catalogueOf(o, this.totalSteps, numbers), data: { params, tensors } };
  }

  /**
   * Per-layer gradient norms of `step` before clipping, once its backward pass is done: from the
   * step being run for the first time (not in the history until it completes), else the history.
   */
  gradNormsOf(step: number): Readonly<Record<string, number>> | null {
    if (this.grads?.step === step) return this.grads.gradNorms;
    return this.history.recordOf(step)?.gradNorms ?? null;
  }

  faultPosition(): Position {
    return { step: this.fault!.step, event: Math.max(0, this.fault!.event) };
  }

  private condition(b: Breakpoint, pos: Position): boolean | string {
    if (!b.condition) return true;
    try {
      const v = evaluateExpr(b.condition.text, b.condition.expr, this.names(pos));
      const n = asNumber(v);
      return n !== null && n !== 0 && !Number.isNaN(n);
    } catch (e) {
      if (e instanceof NotComputedError) return false;
      const why = e instanceof ExpressionError ? e.describe() : String(e);
      const text = `Breakpoint ${b.id}: the condition \`${b.condition.text}\` failed: ${why}`;
      this.log(text);
      return text;
    }
  }

  private breakpointText(b: Breakpoint): string {
    const loc = this.location();
    if (b.kind === 'function') return `Paused on function breakpoint ${b.id} at ${loc.node ?? loc.phase}, step ${this.stepNumber(loc.trainingStep)}`;
    const where = loc.phase === 'backward' ? `the end of the backward pass of ${loc.layer}` : loc.phase === 'forward' ? `layer ${loc.layer}` : loc.phase === 'loss' ? 'the loss' : 'the update';
    const cond = b.condition ? ` (${b.condition.text})` : '';
    return `Paused on breakpoint ${b.id} at ${where}${cond}, step ${this.stepNumber(loc.trainingStep)}`;
  }

  private faultFrom(e: unknown, step: number): Fault {
    const error = e instanceof BackstepError ? e : new BackstepError('E_ARGUMENT', `internal error: ${e instanceof Error ? e.message : String(e)}`);
    const run = this.timeline.run;
    if (run && run.executed < run.events.length) return { step: this.timeline.current, event: run.executed, error };
    return { step: this.timeline.current || step, event: -1, error };
  }

  /**
   * Scores the held-out examples when step `step` ends a validation interval: a forward pass on a tape
   * of its own, outside the step's events, so the training numbers are the same with or without it.
   */
  private validate(step: number): void {
    if (!validatesAt(step, this.trainer.validationEvery ?? null, this.totalSteps)) return;
    const v = this.trainer.validate?.();
    if (v) this.history.addValidation(step, v.loss, v.accuracy ? v.accuracy.correct / v.accuracy.total : null);
  }

  private observer(): StepObserver {
    return {
      needs: (step) => this.history.needs(step),
      gradientsComplete: (t) => {
        this.grads = { step: t.current, gradNorms: layerGradNorms(this.trainer.layers), timeStepGradNorms: timeStepGradNorms(t.outline!) };
      },
      completed: (t) => {
        const run = t.run!;
        const clip = t.results.find((r) => r?.kind === 'clip');
        const o = t.outline!;
        const gradNorms = this.grads?.gradNorms ?? dict<number>();
        if (this.history.needs(run.step)) this.validate(run.step);
        this.history.add(
          run.step,
          run.loss.data[0],
          run.lr,
          {
            gradNorms,
            timeStepGradNorms: this.grads?.timeStepGradNorms ?? dict<number[]>(),
            gateMeans: gateMeans(o),
            attentionEntropy: attentionEntropy(o, importedAttention(this.model.layers)),
            clipped: clip?.kind === 'clip' && clip.factor < 1,
          },
          stepHealth(o, run.loss.data[0], gradNorms, this.trainer.layers),
        );
        this.grads = null;
        this.recordTrajectory(run.step);
        const line = this.trainer.generatesAfter?.(run.step) ? this.trainer.generated?.(run.step) : null;
        if (line) {
          this.generated.set(run.step, line);
          this.output.push(`step ${run.step}: ${line}`);
        }
      },
    };
  }
}

/** What the exception filters could find in a completed step (see History.healthAt). */
function stepHealth(o: StepOutline, loss: number, gradNorms: Readonly<Record<string, number>>, layers: readonly LayerParams[]): StepHealth {
  let finite = Number.isFinite(loss);
  let deadRelu = 0;
  for (const e of o.events) {
    if (!e.node || (e.phase !== 'forward' && e.phase !== 'loss')) continue;
    if (e.node.nonFinite > 0) finite = false;
    if (e.node.op === 'relu' && e.phase === 'forward') deadRelu = Math.max(deadRelu, deadFraction(e.node.outputs[0]));
  }
  const norms = Object.values(gradNorms);
  if (!norms.every(Number.isFinite)) finite = false;
  for (const l of layers) for (const p of l.params) if (finite && countNonFinite(p) > 0) finite = false;
  return { finite, maxGradNorm: norms.length ? Math.max(...norms) : 0, minGradNorm: norms.length ? Math.min(...norms) : Infinity, deadRelu };
}

/** The event whose op computes the loss: the last loss op, or the last forward one when there is none. */
function lastLossEvent(o: StepOutline): number {
  let loss = -1;
  let forward = -1;
  o.events.forEach((e, i) => {
    if (e.phase === 'loss') loss = i;
    if (e.phase === 'forward') forward = i;
  });
  return loss >= 0 ? loss : forward;
}

/** `Step 3, backward › memory › t2: memory/t2/gate_f (sigmoid)` */
export function describeLocation(l: Location, stepNumber: number = l.trainingStep): string {
  const parts = [l.phase, l.layer, l.timeStep !== null ? `t${l.timeStep}` : null].filter((x) => x !== null);
  const what = l.node ? `: ${l.node}${l.op ? ` (${l.op})` : ''}` : '';
  return `Step ${stepNumber}, ${parts.join(' › ')}${what}`;
}
