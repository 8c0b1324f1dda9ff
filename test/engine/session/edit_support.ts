import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent, StopInfo } from '../../../engine/protocol/session';
import { asNumber, evaluateText } from '../../../engine/session/expression';
import { Session, type SessionOptions } from '../../../engine/session/session';
import { stop } from './session_support';

/**
 * Helpers of the edit tests, on the mlp-xor sample, whose step 1 has these events:
 * 0–5 forward (hidden/xW, hidden/y, tanh1/y, out/xW, out/y, sigmoid1/y), 6 loss, 7–13 backward
 * (13: hidden/xW, after which grad(hidden.W) is complete), 14–17 update (hidden.W, hidden.b, out.W, out.b).
 */
export const sampleText = (name: string): string => readFileSync(join(__dirname, '../../../samples', `${name}.nn.yaml`), 'utf8');
export const LAST_BACKWARD = 13;
export const FIRST_UPDATE = 14;

/** The mlp-xor sample, started (stopped on entry), with every event it emits recorded. */
export function openXor(options: SessionOptions = {}): { session: Session; events: SessionEvent[] } {
  const session = Session.create(sampleText('mlp-xor'), 'mlp-xor.nn.yaml', options);
  const events: SessionEvent[] = [];
  session.onEvent((e) => events.push(e));
  stop(session.start());
  return { session, events };
}

/** Puts the cursor at an event of a step, as a stop there would. */
export function at(session: Session, step: number, event: number): StopInfo {
  const s = session.internals!;
  assert.ok(s.moveTo({ step, event }, 'op'));
  return s.stop('step', '');
}

/** The exact number an expression gives at the cursor. */
export function num(session: Session, expression: string): number {
  const n = asNumber(evaluateText(expression, session.internals!.names()));
  assert.notEqual(n, null, expression);
  return n!;
}

export function values(session: Session, expression: string): number[] {
  const v = evaluateText(expression, session.internals!.names());
  assert.equal(v.kind, 'tensor');
  return Array.from(v.kind === 'tensor' ? v.tensor.data : []);
}

export function outputs(events: SessionEvent[]): string[] {
  return events.flatMap((e) => (e.event === 'output' ? [e.text] : []));
}
