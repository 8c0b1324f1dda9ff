import type { StopInfo, StopReason } from '../protocol/session';
import { formatNumber } from './format';
import { comparePositions, type Cursor, type Position } from './cursor';
import type { Hit, SessionState } from './state';

/** How many events a run executes between two chances for a Pause to get in. */
export const SLICE_EVENTS = 512;

export interface ForwardOptions {
  /** Where a step or goto lands when nothing stops it first; null runs to the end (Continue). */
  readonly target: Cursor | null;
  /** Stop at breakpoints and exceptions on the way (Goto does not). */
  readonly checks: boolean;
  readonly reason: StopReason;
  readonly description: string;
  /** Told each time a training step is entered. */
  readonly onStep?: (step: number) => void;
}

/**
 * Runs forward event by event from the cursor: every event is executed and checked; the run stops
 * at the first breakpoint or exception, at the target, at a failing op, or after the last event of
 * the last training step. A generator, so that a caller can run it in slices (yield = a slice is
 * done) and stop pulling when a Pause arrives; driven to the end it is a plain synchronous run.
 */
export function* forwardRun(state: SessionState, opts: ForwardOptions): Generator<void, StopInfo> {
  let pos: Position = state.fault ? state.faultPosition() : { step: state.cursor.step, event: state.cursor.event };
  const level = state.cursor.level;
  for (let n = 1; ; n++) {
    const next = state.nextPosition(pos);
    if (!next) {
      state.cursor = { ...pos, level };
      return endStop(state);
    }
    if (next.step !== pos.step) opts.onStep?.(next.step);
    if (!state.moveTo(next, 'op')) return state.stopForFault();
    pos = next;
    const hit = opts.checks ? state.check(pos, true) : null;
    if (hit) return stopAtHit(state, pos, hit);
    if (opts.target && comparePositions(pos, opts.target) === 0) {
      state.cursor = opts.target;
      return state.stop(opts.reason, opts.description);
    }
    if (n % SLICE_EVENTS === 0) yield;
  }
}

/**
 * Reverse Continue: the latest breakpoint or exception before the cursor. The timeline is scanned
 * forward segment by segment, each from a checkpoint to where the previous segment began, newest
 * segment first; the last hit in a segment is the answer. Without any, the cursor goes to the very
 * start of training. A segment in which the history shows that nothing can stop (every breakpoint
 * condition reads only step, loss or lr and is false there; no exception filter can fire) is
 * skipped without replaying it.
 */
export function* reverseRun(state: SessionState): Generator<void, StopInfo> {
  let end: Position = state.fault ? state.faultPosition() : { step: state.cursor.step, event: state.cursor.event };
  for (;;) {
    const cp = state.timeline.checkpoints.atOrBefore(end.event > 0 ? end.step - 1 : end.step - 2);
    const start: Position = { step: cp.completedSteps + 1, event: 0 };
    let last: { pos: Position; hit: Hit } | null = null;
    if (!segmentMayStop(state, start.step, end)) {
      if (start.step === 1) break;
      end = start;
      continue;
    }
    for (let pos: Position | null = start, n = 1; pos && comparePositions(pos, end) < 0; pos = state.nextPosition(pos), n++) {
      if (!state.moveTo(pos, 'op')) return state.stopForFault();
      const hit = state.check(pos, false);
      if (hit) last = { pos, hit };
      if (n % SLICE_EVENTS === 0) yield;
    }
    if (last) {
      state.moveTo(last.pos, 'op');
      return stopAtHit(state, last.pos, last.hit);
    }
    if (start.step === 1) break;
    end = start;
  }
  state.moveTo({ step: 1, event: 0 }, 'layer');
  return state.stop('entry', 'Back at the start of training (no breakpoint or exception on the way)');
}

/** Whether anything may stop in the steps from `first` up to `end` (exclusive), as far as the history tells. */
function segmentMayStop(state: SessionState, first: number, end: Position): boolean {
  const last = end.event > 0 ? end.step : end.step - 1;
  for (let s = first; s <= last; s++) if (state.mayStopIn(s)) return true;
  return false;
}

/** A breakpoint at a layer's entry stops at layer level; at a layer's last backward node, at an op it names, and an exception, at the op. */
function stopAtHit(state: SessionState, pos: Position, hit: Hit): StopInfo {
  const backward = state.timeline.outline?.events[pos.event]?.phase === 'backward';
  state.cursor = { ...pos, level: hit.kind === 'breakpoint' && !hit.atOp && !backward ? 'layer' : 'op' };
  return state.stopForHit(hit);
}

function endStop(state: SessionState): StopInfo {
  const total = state.totalSteps;
  const loss = state.history.recorded >= total ? ` (final loss ${formatNumber(state.history.lossAt(total))})` : '';
  const last = state.stepNumber(total);
  const done = !state.numbered ? `Training finished: all ${total} steps are done` : `The recording ends at step ${last}: all ${total} recorded steps are done`;
  return state.stop('end', `${done}${loss}. Step Back or Reverse Continue to look at earlier steps.`);
}
