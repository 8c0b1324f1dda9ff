/**
 * Where the session stands: a training step, an event of that step (an op of the forward pass, the
 * loss, a backward node, a clip or a parameter update) and the level the user steps at. The level is
 * the depth of the Call Stack below the phase: a whole layer, one time step of a recurrent layer, or
 * one op.
 */
export type Level = 'layer' | 'timestep' | 'op';

/** Outermost first. */
export const LEVELS: readonly Level[] = ['layer', 'timestep', 'op'];

export interface Position {
  /** 1-based training step. */
  readonly step: number;
  /** Index of the event within the step's planned events. */
  readonly event: number;
}

export interface Cursor extends Position {
  readonly level: Level;
}

/** Timeline order: negative when a comes first. */
export function comparePositions(a: Position, b: Position): number {
  return a.step - b.step || a.event - b.event;
}

export function deeper(level: Level): Level | null {
  const i = LEVELS.indexOf(level);
  return i + 1 < LEVELS.length ? LEVELS[i + 1] : null;
}

export function shallower(level: Level): Level | null {
  const i = LEVELS.indexOf(level);
  return i > 0 ? LEVELS[i - 1] : null;
}
