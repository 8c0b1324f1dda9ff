import type { FrameInfo } from '../protocol/location';
import type { Cursor } from './cursor';
import type { StepOutline } from './outline';

/**
 * Where Restart Frame goes: the start of the frame's group — the training step's first stop, the
 * phase's first layer, the layer's first event (at layer level), a scope's first event (at that
 * scope's depth: a time step, a module). An op frame cannot be restarted: its stop is already its start.
 */
export function restartCursor(cursor: Cursor, o: StepOutline | null, frame: FrameInfo): Cursor | null {
  const step = cursor.step;
  const e = o?.events[cursor.event];
  if (frame.kind === 'op') return null;
  if (frame.kind === 'step' || !o || !e) return { step, event: 0, level: 'layer' };
  if (frame.kind === 'phase') return { step, event: o.span(cursor.event, 'phase').start, level: 'layer' };
  if (frame.kind === 'layer') return { step, event: o.span(cursor.event, 'layer').start, level: 'layer' };
  const length = frame.kind === 'timestep' || frame.kind === 'module' ? frame.scope.length : 0;
  // Scopes that are not frames (a layer's naming scopes) lie between frames: find the frame's depth by its path.
  const depth = e.frames.findIndex((f) => f.scope.length === length) + 1;
  return depth > 0 ? { step, event: o.span(cursor.event, depth).start, level: depth } : null;
}
