import { strict as assert } from 'node:assert';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { StepInTarget } from '../../../engine/protocol/session';
import type { Session } from '../../../engine/session/session';
import { fakeSession, ok, stop, tensorsOf } from './session_support';

const framesOf = (s: Session) => ok<readonly FrameInfo[]>(s.stackTrace());
const frame = (s: Session, kind: FrameInfo['kind']) => framesOf(s).find((f) => f.kind === kind)!;

/** From the entry: over to the next layer (`hidden`), into it, then over its first op. */
function intoHidden(session: Session) {
  const entry = stop(session.start());
  const layer = stop(session.stepOver());
  stop(session.stepIn());
  const inside = stop(session.stepOver());
  assert.equal(inside.location.layer, 'hidden');
  return { entry, layer, inside };
}

describe('Restart Frame', () => {
  it('every frame but an op’s can be restarted', () => {
    const { session } = fakeSession();
    intoHidden(session);
    assert.deepEqual(
      framesOf(session).map((f) => [f.kind, f.canRestart]),
      [
        ['op', false],
        ['layer', true],
        ['phase', true],
        ['step', true],
      ],
    );
  });

  it('on a layer frame: back to the layer’s stop with its tensors; Step Back then retraces the steps made before it', () => {
    const { session } = fakeSession();
    const { entry, layer } = intoHidden(session);
    const s = stop(session.restartFrame(frame(session, 'layer').id));
    assert.equal(s.reason, 'restart');
    assert.equal(s.description, 'Restarted hidden (linear) from its start');
    assert.deepEqual(s.location, layer.location);
    assert.equal(framesOf(session)[0].kind, 'layer');
    assert.deepEqual(stop(session.stepBack()).location, entry.location);
  });

  it('on the step frame in the backward pass: the step’s first stop, with the tensors it had there', () => {
    const { session } = fakeSession();
    const entry = stop(session.start());
    const first = tensorsOf(session);
    stop(session.goto(1, { phase: 'backward', layer: 'hidden' }));
    stop(session.stepIn());
    assert.notDeepEqual(tensorsOf(session), first);
    const s = stop(session.restartFrame(frame(session, 'step').id));
    assert.deepEqual([s.reason, s.location], ['restart', entry.location]);
    assert.deepEqual(tensorsOf(session), first);
  });

  it('on a phase frame: the phase’s first layer; on a time-step frame: the time step’s first op, at time-step level (scope depth 1)', () => {
    const { session } = fakeSession();
    session.start();
    stop(session.goto(2, { phase: 'backward', layer: 'hidden' }));
    const backwardStart = session.internals!.timeline.outline!.firstOf('backward');
    assert.equal(stop(session.restartFrame(frame(session, 'phase').id)).location.eventIndex, backwardStart);
    stop(session.goto(2));
    const t1 = ok<readonly StepInTarget[]>(session.stepInTargets()).find((t) => t.label === 't1')!;
    stop(session.handle({ command: 'stepIn', targetId: t1.id }));
    stop(session.stepIn());
    stop(session.stepOver());
    const s = stop(session.restartFrame(frame(session, 'timestep').id));
    assert.deepEqual([s.location.eventIndex, s.location.timeStep, session.internals!.cursor.level], [t1.id, 1, 1]);
  });

  it('an unknown frame or an op frame: an error naming it; the session has not moved', () => {
    const { session } = fakeSession();
    const { inside } = intoHidden(session);
    const none = session.restartFrame(99);
    assert.ok(!none.ok && /there is no frame 99: the Call Stack has frames 1 to 4/.test(none.error.message));
    const op = session.restartFrame(frame(session, 'op').id);
    assert.ok(!op.ok && /frame 1 \(.*\) is an op and cannot be restarted/.test(op.error.message), op.ok ? '' : op.error.message);
    assert.deepEqual(session.internals!.lastStop!.location, inside.location);
    assert.ok(stop(session.stepOver()));
  });
});
