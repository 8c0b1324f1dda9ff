import { strict as assert } from 'node:assert';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { SessionEvent, SessionResponse, StopInfo } from '../../../engine/protocol/session';
import type { EventInfo } from '../../../engine/session/outline';
import { Session, type SessionOptions } from '../../../engine/session/session';
import { FAKE_MODEL, fakeTrainerFactory, type FakeFaults, type FakeTrainer } from '../../support/fake-trainer';

export interface Harness {
  readonly session: Session;
  readonly events: SessionEvent[];
  readonly trainers: FakeTrainer[];
}

/** A session over the fake trainer (test/support/fake-trainer.ts), with every event it emits recorded. */
export function fakeSession(faults: FakeFaults = {}, text = FAKE_MODEL, options: SessionOptions = {}): Harness {
  const trainers: FakeTrainer[] = [];
  const session = Session.create(text, 'fake.nn.yaml', { createTrainer: fakeTrainerFactory(faults, trainers), ...options });
  const events: SessionEvent[] = [];
  session.onEvent((e) => events.push(e));
  return { session, events, trainers };
}

export function ok<T>(r: SessionResponse): T {
  if (!r.ok) assert.fail(`${r.command} failed: ${r.error.code} ${r.error.message}`);
  return r.body as T;
}

export function stop(r: SessionResponse): StopInfo {
  return ok<StopInfo>(r);
}

/** `step 2 backward memory/t1/h` */
export function where(s: StopInfo): string {
  const l = s.location;
  return `step ${l.trainingStep} ${l.phase} ${l.node}`;
}

/** The Call Stack's frames, innermost first. */
export const stackOf = (s: Session): FrameInfo[] => ok<FrameInfo[]>(s.stackTrace());

/** The Call Stack outermost first below the phase (the step and phase frames left out), as the user reads it: `encoder › layers.0 › self_attn`. */
export const scopePath = (s: Session): string =>
  stackOf(s)
    .slice(0, -2)
    .reverse()
    .map((f) => f.name)
    .join(' › ');

/** Copies of every parameter and its gradient, and of the tensors of the current step's tape. */
export function tensorsOf(session: Session): Map<string, number[]> {
  const state = session.internals!;
  const out = new Map<string, number[]>();
  for (const l of state.trainer.layers) {
    for (const p of l.params) {
      out.set(p.name, Array.from(p.data));
      out.set(`grad(${p.name})`, p.grad ? Array.from(p.grad.data) : []);
    }
  }
  for (const n of state.timeline.run?.tape.nodes ?? []) {
    for (const y of n.outputs) {
      out.set(y.name, Array.from(y.data));
      out.set(`grad(${y.name})`, y.grad ? Array.from(y.grad.data) : []);
    }
  }
  return out;
}

/** Moves the cursor to the first event of the current step that `at` picks, as a stop there; its index. */
export function stopAt(session: Session, at: (e: EventInfo) => boolean): number {
  const state = session.internals!;
  const index = state.timeline.outline!.events.findIndex(at);
  assert.ok(index >= 0, 'the step has such an event');
  state.moveTo({ step: state.cursor.step, event: index }, 'op');
  state.stop('step', '');
  return index;
}
