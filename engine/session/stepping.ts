import { depthOf, levelAt, type Level } from './cursor';
import type { StepOutline } from './outline';

/**
 * The stepping rules, as in a code debugger where a layer is a function, a scope nested in it (a
 * module of an imported model, a recurrent time step) a nested call or loop iteration that shows as
 * a frame, and an op a statement. The cursor is an event of the training step plus a level: the
 * layer, a scope depth d ≥ 1 (the layer's scopes are depth 1, theirs depth 2, …) or the op. At each
 * level the events fall into groups: at layer level a layer's events in one phase (the loss is one
 * group; the clip and each parameter update are groups of their own); at depth d the events of one
 * scope at that depth (one time step `memory/t3`, one module `encoder/layers.0`), and every event in
 * fewer than d scopes on its own (shown as its op); at op level every event on its own. A group's
 * "parent" is the group one level up: a scope's enclosing scope (or its layer at depth 1); an op's
 * innermost scope, else its layer (so is an event alone at a depth below its scopes); a layer's phase.
 * A recurrent layer's time steps are the scopes at depth 1 below it, so a recurrent model steps as
 * layer › time step › op; an imported Transformer as layer › `encoder` › `layers.0` › `self_attn` › op.
 *
 * - Step Over: to the first event of the next group at the same level, wherever it is — in the
 *   next scope (the next sibling module, or the next group at that depth beyond the parent), layer,
 *   phase or training step. At layer level the order is: the layers of the forward pass, the loss,
 *   the backward pass layer by layer in reverse, the clip (when on) and one parameter update after
 *   another, then the first layer of the next training step; at op level it is every event in turn.
 * - Step Back: retraces the stops that forward stepping made, in reverse, at the levels they were
 *   made (./trail.ts keeps them): from the first op of a layer stepped into, back to the layer's
 *   stop, as reverse-next in gdb or rr returns to the call. Where there is no trail to retrace
 *   (after a Continue, Goto, Reverse Continue or Restart, at the start, or beyond the trail's bound)
 *   the positional rule of `stepBackTarget` applies, at every depth alike: from inside a group, to
 *   its first event; from the first event of a scope or layer (a group with an inside) at a deeper
 *   level, up to the nearest such group at the same event (the reverse of Step In); otherwise to
 *   the first event of the previous group at the same level, across phases and training steps (the
 *   reverse of Step Over). A purely positional rule cannot reverse a Step Out, nor a Step Over that
 *   crosses into another layer or scope: only the trail can.
 * - Step In: one level down without moving — from a group to the next scope depth when an event of
 *   the group lies in a scope that deep (layer → its modules or time steps, module → its
 *   sub-modules), else to its ops. A group of one event has nothing inside it, so Step In there is
 *   Step Over.
 * - Step Out: to the first event after the parent, at the parent's level; from layer level, to the
 *   first layer of the next phase (from the update: the next training step).
 *
 * These functions only compute the target; the session runs there (stopping at breakpoints and
 * exceptions on the way when going forward) or replays back to it.
 */
export type Target =
  | { readonly kind: 'event'; readonly event: number; readonly level: Level }
  /** The first event of the next training step, at this level. */
  | { readonly kind: 'nextStep'; readonly level: Level }
  /** The first event of the last group at this level of the previous training step. */
  | { readonly kind: 'previousStep'; readonly level: Level };

/** A forward stepping rule: where Step Over, In or Out goes from event i at a level. */
export type StepRule = (o: StepOutline, i: number, level: Level) => Target;

export function stepOverTarget(o: StepOutline, i: number, level: Level): Target {
  const j = o.span(i, level).end;
  return j >= o.length ? { kind: 'nextStep', level } : { kind: 'event', event: j, level };
}

export function stepInTarget(o: StepOutline, i: number, level: Level): Target {
  const group = o.span(i, level);
  if (level === 'op' || group.end - group.start === 1) return stepOverTarget(o, i, level);
  return { kind: 'event', event: i, level: o.innerLevel(group, level) };
}

export function stepOutTarget(o: StepOutline, i: number, level: Level): Target {
  const parent = o.parentLevel(i, level);
  if (parent !== 'phase') return stepOverTarget(o, i, parent);
  const j = o.span(i, 'phase').end;
  return j >= o.length ? { kind: 'nextStep', level: 'layer' } : { kind: 'event', event: j, level: 'layer' };
}

export function stepBackTarget(o: StepOutline, i: number, level: Level): Target {
  const group = o.span(i, level);
  if (i > group.start) return { kind: 'event', event: group.start, level };
  const up = enclosingFrom(o, i, level);
  if (up) return { kind: 'event', event: i, level: up };
  if (i === 0) return { kind: 'previousStep', level };
  return { kind: 'event', event: o.span(i - 1, level).start, level };
}

/** The nearest shallower level whose group begins at event i and has more than one event, or null. */
function enclosingFrom(o: StepOutline, i: number, level: Level): Level | null {
  // Depths between the event's scopes and `level` hold it alone: start at its innermost scope.
  for (let d = Math.min(depthOf(level), o.events[i].frames.length + 1) - 1; d >= 0; d--) {
    const g = o.span(i, levelAt(d));
    if (g.start !== i) return null;
    if (g.end - g.start > 1) return levelAt(d);
  }
  return null;
}
