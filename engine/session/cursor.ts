/**
 * Where the session stands: a training step, an event of that step (an op of the forward pass, the
 * loss, a backward node, a clip or a parameter update) and the level the user steps at. The level is
 * the depth of the Call Stack below the phase: a whole layer, a scope nested in it at some depth
 * (1 = the outermost scope below the layer: a recurrent layer's time step `memory/t3`, an imported
 * model's module `encoder`; 2 = the scope inside that, `layers.0`; …), or one op.
 */
export type Level = 'layer' | number | 'op';

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

/** How many scopes deep a level is: the layer 0, a scope level its depth, an op below every scope. */
export function depthOf(level: Level): number {
  return level === 'layer' ? 0 : level === 'op' ? Infinity : level;
}

/** The level at a depth: 0 the layer, else that scope depth. */
export function levelAt(depth: number): Level {
  return depth === 0 ? 'layer' : depth;
}
