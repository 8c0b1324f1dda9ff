import type { ModelSpec } from '../model/spec';
import type { Phase } from '../protocol/location';
import type { GotoTarget, JumpPoint, StopInfo } from '../protocol/session';
import { bindLine, type BreakTarget } from './breakpoints';
import type { Cursor } from './cursor';
import type { StepOutline } from './outline';
import type { SessionState } from './state';

/**
 * Goto: where it can go from a line of the model file (DAP's gotoTargets) and how it gets there.
 *
 * A line means a place in every training step: a layer's stops (forward, backward, its parameter
 * updates), the loss, the update (the `training:` section), or else the start of the step. Its
 * targets are that place in the current step, the next and the previous one, then in steps at a
 * round interval (1, 2 or 5 × 10ᵏ, at most ROUND_TARGETS of them, with the first and the last
 * step): DAP's gotoTargets knows only a line and a column, so a step far away is chosen from that
 * list, which VS Code shows as a quick pick the user filters by typing (`250`). The views go to any
 * step N with the same request (`goto` with `trainingStep: N`).
 */
export const ROUND_TARGETS = 10;

const PHASE_ORDER: readonly Phase[] = ['forward', 'loss', 'backward', 'update'];

/** The targets of a line, nearest steps first; `o` is the current step's outline (its structure stands for every step's). */
export function gotoTargets(spec: ModelSpec, o: StepOutline | null, cursor: Cursor, totalSteps: number, line: number): GotoTarget[] {
  const bound = bindLine(line, spec);
  const at = bound?.line ?? spec.layers[0]?.range.line ?? line;
  const places = placesOf(bound?.target ?? null, o, o?.events[cursor.event]?.phase ?? null);
  const near = [cursor.step, cursor.step + 1, cursor.step - 1].filter((s) => s >= 1 && s <= totalSteps);
  const far = roundSteps(totalSteps).filter((s) => !near.includes(s));
  const targets: GotoTarget[] = [];
  for (const step of near) for (const place of places) targets.push(target({ trainingStep: step, ...place }, at));
  for (const step of far) targets.push(target({ trainingStep: step, ...places[0] }, at));
  return targets;
}

type Place = Omit<JumpPoint, 'trainingStep'>;

/** The stops a line's place has in a step, the cursor's phase first; the start of the step for a line of no place. */
function placesOf(t: BreakTarget | null, o: StepOutline | null, phase: Phase | null): Place[] {
  if (!t) return [{}];
  if (t.kind === 'loss') return [{ phase: 'loss' }];
  if (t.kind === 'update') return [{ phase: 'update' }];
  const layer = t.layer;
  const phases = PHASE_ORDER.filter((p) => p !== 'loss' && (!o || jumpEvent(o, { phase: p, layer }) !== null));
  const ordered = phase && phases.includes(phase) ? [phase, ...phases.filter((p) => p !== phase)] : phases;
  return ordered.length ? ordered.map((p) => ({ phase: p, layer })) : [{ phase: 'forward', layer }];
}

function target(to: JumpPoint, line: number): GotoTarget {
  return { label: pointLabel(to), line, to };
}

/** `step 250 › backward › hidden` */
export function pointLabel(p: JumpPoint): string {
  return [`step ${p.trainingStep}`, p.phase, p.layer].filter((x) => x !== undefined).join(' › ');
}

/** Steps 1, k, 2k, … and the last, with k in 1, 2, 5, 10, 20, 50 … the smallest giving at most ROUND_TARGETS multiples. */
export function roundSteps(total: number): number[] {
  const k = roundInterval(total);
  const steps = new Set([1]);
  for (let s = k; s <= total; s += k) steps.add(s);
  steps.add(total);
  return [...steps];
}

function roundInterval(total: number): number {
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (Math.floor(total / (m * p)) <= ROUND_TARGETS) return m * p;
}

/** The event a place stops at in a step of this outline (the first of its layer-level group), or null when it has none. */
export function jumpEvent(o: StepOutline, p: Place): number | null {
  if (!p.phase) return 0;
  const i = o.events.findIndex((e) => e.phase === p.phase && (p.layer === undefined || e.layer === p.layer));
  return i < 0 ? null : o.span(i, 'layer').start;
}

/** Why a point cannot be gone to (checked before moving, against the current step's structure), or null. */
export function pointProblem(s: SessionState, p: JumpPoint): string | null {
  if (!Number.isInteger(p.trainingStep) || p.trainingStep < 1 || p.trainingStep > s.totalSteps) {
    return `training step ${p.trainingStep} does not exist: the run has steps 1 to ${s.totalSteps}`;
  }
  const o = s.timeline.outline;
  if (p.layer !== undefined && !p.phase) return `a goto to layer ${p.layer} needs a phase (forward, backward or update)`;
  if (p.layer !== undefined && !s.model.spec.layers.some((l) => l.name === p.layer) && p.layer !== 'loss') {
    return `there is no layer "${p.layer}": the layers are ${s.model.spec.layers.map((l) => l.name).join(', ')}`;
  }
  if (o && jumpEvent(o, p) === null) return `${pointLabel(p)} is not a stop: ${p.layer ?? 'the step'} has no ${p.phase} stop`;
  return null;
}

/**
 * Goes to a point that `pointProblem` accepts. Steps run before are reached at once through the checkpoints (a replay of at
 * most K − 1 steps, as Reverse Continue); steps never run are trained one by one (they are recorded
 * in the history), a chance for a Pause between two. No breakpoint stops a Goto.
 */
export function* goingTo(s: SessionState, p: JumpPoint, onStep: (step: number) => void): Generator<void, StopInfo> {
  const step = p.trainingStep;
  const known = Math.min(step, s.history.recorded + 1);
  if (known > s.cursor.step && !s.moveTo({ step: known, event: 0 }, 'layer')) return s.stopForFault();
  for (let k = s.cursor.step + 1; k <= step; k++) {
    onStep(k);
    if (!s.moveTo({ step: k, event: 0 }, 'layer')) return s.stopForFault();
    yield;
  }
  if (s.timeline.current !== step || !s.timeline.outline || s.cursor.step !== step) {
    if (!s.moveTo({ step, event: 0 }, 'layer')) return s.stopForFault();
  }
  const event = jumpEvent(s.timeline.outline!, p);
  if (event === null) {
    s.moveTo({ step, event: 0 }, 'layer');
    return s.stop('goto', `Went to the start of step ${step}: ${pointLabel(p)} is not a stop in this step`);
  }
  if (!s.moveTo({ step, event }, 'layer')) return s.stopForFault();
  return s.stop('goto', `Went to ${pointLabel(p)}`);
}
