import { strict as assert } from 'node:assert';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { StepInTarget, StopInfo } from '../../../engine/protocol/session';
import { Session } from '../../../engine/session/session';
import { sampleText } from '../train/support';
import { fakeSession, ok, stop } from './session_support';

const targetsOf = (s: Session) => ok<readonly StepInTarget[]>(s.stepInTargets());
const framesOf = (s: Session) => ok<readonly FrameInfo[]>(s.stackTrace()).map((f) => f.name);

/** Steps over layers until the cursor stands at `layer`'s forward stop. */
function toLayer(session: Session, layer: string): StopInfo {
  for (let i = 0; i < 50; i++) {
    const s = stop(session.stepOver());
    if (s.location.layer === layer) return s;
  }
  assert.fail(`never reached ${layer}`);
}

describe('step-in targets', function () {
  this.timeout(30_000);

  it('at a recurrent layer: its ops outside the time steps and t0 … t{T−1} (length 3), in order; stepping into one lands at that time step', () => {
    const { session } = fakeSession();
    session.start();
    const targets = targetsOf(session);
    assert.deepEqual(
      targets.map((t) => t.label).filter((l) => /^t\d+$/.test(l)),
      ['t0', 't1', 't2'],
    );
    assert.match(targets[0].label, /^x_rows = /);
    assert.deepEqual(
      targets.map((t) => t.id),
      [...targets.map((t) => t.id)].sort((a, b) => a - b),
    );
    const t2 = targets.find((t) => t.label === 't2')!;
    const s = stop(session.handle({ command: 'stepIn', targetId: t2.id }));
    assert.deepEqual([s.location.layer, s.location.timeStep, s.location.eventIndex], ['memory', 2, t2.id]);
    assert.deepEqual(framesOf(session).slice(0, 2), ['t2', 'memory (lstm)']);
  });

  it('inside a time step: its ops; at an op: nothing', () => {
    const { session } = fakeSession();
    session.start();
    const t1 = targetsOf(session).find((t) => t.label === 't1')!;
    stop(session.handle({ command: 'stepIn', targetId: t1.id }));
    const ops = targetsOf(session);
    assert.ok(ops.length > 5 && ops[0].id === t1.id, ops.map((t) => t.label).join(', '));
    assert.ok(ops.some((t) => /^gate_f = /.test(t.label)), ops.map((t) => t.label).join(', '));
    const gate = ops.find((t) => /^gate_f = /.test(t.label))!;
    const s = stop(session.handle({ command: 'stepIn', targetId: gate.id }));
    assert.equal(s.location.node, 'memory/t1/gate_f');
    assert.deepEqual(targetsOf(session), []);
  });

  it('at an attention layer: its heads', () => {
    const session = Session.create(sampleText('multi-head-attention'), 'multi-head-attention.nn.yaml');
    stop(session.start());
    toLayer(session, 'heads');
    const labels = targetsOf(session).map((t) => t.label);
    assert.ok(labels.includes('head0') && labels.includes('head1'), labels.join(', '));
    const head1 = targetsOf(session).find((t) => t.label === 'head1')!;
    assert.match(stop(session.handle({ command: 'stepIn', targetId: head1.id })).location.node ?? '', /^heads\/head1\//);
  });

  it('Step Back after stepping into a target returns to the layer’s stop', () => {
    const { session } = fakeSession();
    const entry = stop(session.start());
    const t2 = targetsOf(session).find((t) => t.label === 't2')!;
    stop(session.handle({ command: 'stepIn', targetId: t2.id }));
    const back = stop(session.stepBack());
    assert.deepEqual(back.location, entry.location);
    assert.deepEqual(framesOf(session)[0], 'memory (lstm)');
  });

  it('an id that is not a target here: an error listing the targets, and the session has not moved', () => {
    const { session } = fakeSession();
    const entry = stop(session.start());
    const answer = session.handle({ command: 'stepIn', targetId: 10 ** 9 });
    assert.ok(!answer.ok && /there is no step-in target 1000000000: the targets here are .*\(t0\)/.test(answer.error.message), answer.ok ? '' : answer.error.message);
    assert.deepEqual(session.internals!.lastStop!.location, entry.location);
    assert.equal(stop(session.stepIn()).location.layer, 'memory');
  });
});
