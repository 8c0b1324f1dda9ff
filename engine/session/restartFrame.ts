import type { FrameInfo } from '../protocol/location';
import type { Cursor } from './cursor';
import type { StepOutline } from './outline';

/**
 * Where Restart Frame goes: the start of the frame's group — the training step's first stop, the
 * phase's first layer, the layer's first event (at layer level), the time step's first event (at
 * time-step level). An op frame cannot be restarted: its stop is already its start.
 */
export function restartCursor(cursor: Cursor, o: StepOutline | null, frame: FrameInfo): Cursor | null {
  const step = cursor.step;
  const e = o?.events[cursor.event];
  if (frame.kind === 'op') return null;
  if (frame.kind === 'step' || !o || !e) return { step, event: 0, level: 'layer' };
  if (frame.kind === 'phase') return { step, event: o.span(cursor.event, 'phase').start, level: 'layer' };
  if (frame.kind === 'layer') return { step, event: o.span(cursor.event, 'layer').start, level: 'layer' };
  return { step, event: o.span(cursor.event, 'timestep').start, level: 'timestep' };
}
