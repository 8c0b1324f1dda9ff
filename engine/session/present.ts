import type { SessionState } from './state';

/**
 * Which events of the cursor's training step have been computed at the cursor. The trainer runs a
 * step's forward and loss events when the step begins (the backward pass needs the whole tape), but
 * a step debugger shows them as the user steps through them: an event counts as computed once the
 * cursor is at it (a stop comes after its event has run) or past it. Backward and update events run
 * one at a time, so the gradients and parameters the trainer holds are already those of the cursor.
 * Nothing is computed of a step whose forward pass failed (the outline may still be the last step's).
 */
export function computedAt(s: SessionState): (event: number) => boolean {
  const inStep = s.timeline.current === s.cursor.step && s.timeline.outline && !(s.fault && s.fault.event < 0);
  const last = inStep ? s.cursor.event : -1;
  return (event) => event <= last;
}
