import { strict as assert } from 'node:assert';
import type { EvaluateResult } from '../../../engine/protocol/values';
import { Session } from '../../../engine/session/session';
import { at, FIRST_UPDATE, LAST_BACKWARD, num, openXor as open, outputs, sampleText, values } from './edit_support';
import { ok, stop } from './session_support';

/** Editing values (engine/session/edits.ts, editing.ts): what an edit changes, when, and how it is undone. */
describe('editing values', () => {
  it('a parameter edited in the backward pass re-runs the step from its start: the loss moves by h·∂L/∂w, the cursor stays', () => {
    const { session } = open();
    at(session, 1, LAST_BACKWARD);
    const w = num(session, 'hidden.W[0, 0]');
    const g = num(session, 'grad(hidden.W)[0, 0]');
    const loss = num(session, 'loss');
    const h = 1e-3;
    const answer = ok<EvaluateResult>(session.setExpression('hidden.W[0, 0]', `hidden.W[0, 0] + ${h}`));
    assert.match(answer.value, /0\./);
    assert.equal(num(session, 'hidden.W[0, 0]'), w + h);
    assert.deepEqual(session.internals!.cursor, { step: 1, event: LAST_BACKWARD, level: 'op' });
    // Taylor: ΔL = h·L'(w) + h²/2·L''(ξ); |L''| < 2 for this net (tanh' ≤ 1, σ' ≤ 1/4, |x| ≤ 1), so the rest is below h².
    assert.ok(Math.abs(num(session, 'loss') - loss - h * g) < h * h, `ΔL ${num(session, 'loss') - loss} vs h·g ${h * g}`);
    assert.notEqual(num(session, 'grad(hidden.W)[0, 0]'), g, 'the gradients at the cursor are recomputed with the edit');
  });

  it('Step Back across an edit undoes it; Step Over after it keeps it', () => {
    const { session, events } = open();
    at(session, 1, LAST_BACKWARD);
    const w = num(session, 'hidden.W[0, 0]');
    const loss = num(session, 'loss');
    ok(session.setExpression('hidden.W[0, 0]', '2'));
    const edited = num(session, 'loss');
    stop(session.stepOver());
    assert.equal(num(session, 'hidden.W[0, 0]') !== w, true);
    stop(session.stepBack());
    assert.equal(num(session, 'loss'), edited, 'back at the edit, it holds');
    stop(session.stepBack());
    assert.equal(num(session, 'hidden.W[0, 0]'), w);
    assert.equal(num(session, 'loss'), loss);
    assert.equal(session.internals!.timeline.edits.length, 0);
    assert.ok(outputs(events).some((t) => /^Undid the edit hidden\.W\[0, 0\] = 2 /.test(t)), outputs(events).join(''));
  });

  it('replay from a checkpoint before the edit reproduces it; later checkpoints and history records are dropped', () => {
    const { session } = open({ checkpoints: { every: 4 } });
    stop(session.goto(6));
    const plain = values(session, 'hidden.W');
    const s = session.internals!;
    assert.ok(s.history.recorded >= 5);
    at(session, 2, LAST_BACKWARD);
    ok(session.setExpression('out.b', '1'));
    assert.equal(s.history.recorded, 1, 'the records of step 2 and later are dropped');
    assert.ok(s.timeline.checkpoints.steps.every((c) => c < 2));
    stop(session.goto(6));
    const edited = values(session, 'hidden.W');
    assert.notDeepEqual(edited, plain);
    stop(session.goto(3));
    assert.deepEqual(s.timeline.checkpoints.steps.filter((c) => c < 3), [0], 'going to step 3 replays steps 1 and 2 from the start');
    stop(session.goto(6));
    assert.deepEqual(values(session, 'hidden.W'), edited);
  });

  it('a parameter or lr edited in the update phase applies from the cursor’s event on; lr holds for later steps', () => {
    const { session } = open();
    at(session, 1, FIRST_UPDATE);
    const outW = values(session, 'out.W');
    ok(session.setExpression('lr', '0'));
    assert.equal(num(session, 'lr'), 0);
    at(session, 1, FIRST_UPDATE + 2);
    assert.deepEqual(values(session, 'out.W'), outW, 'the update of out.W used lr = 0');
    at(session, 2, 0);
    assert.equal(num(session, 'lr'), 0);
    at(session, 1, LAST_BACKWARD);
    assert.equal(num(session, 'lr'), 0.5, 'going back before the edit undoes it');
  });

  it('clip set in the backward pass bounds that step’s clipping (lstm-memory clips at norm 1)', () => {
    const session = Session.create(sampleText('lstm-memory'), 'lstm-memory.nn.yaml');
    stop(session.start());
    const s = session.internals!;
    const events = s.timeline.outline!.events;
    const clip = events.findIndex((e) => e.op === 'clip');
    at(session, 1, clip - 1);
    assert.equal(ok<EvaluateResult>(session.setExpression('clip', '0.01')).value, '0.01');
    at(session, 1, clip);
    const r = s.timeline.results[clip];
    assert.ok(r?.kind === 'clip' && r.maxNorm === 0.01 && r.factor < 1, JSON.stringify(r));
  });

  it('an activation edited at the current op: the ops after it are computed from it, and the step from then on', () => {
    const { session } = open();
    at(session, 1, 2);
    const loss = (() => {
      at(session, 1, 6);
      const l = num(session, 'loss');
      at(session, 1, 2);
      return l;
    })();
    ok(session.setExpression('tanh1/y[0, 0]', '0.9'));
    assert.equal(num(session, 'tanh1/y[0, 0]'), 0.9);
    at(session, 1, 3);
    const row = values(session, 'tanh1/y[0]');
    const w = values(session, 'out.W[0]');
    const dot = row.reduce((a, x, k) => a + x * w[k], 0);
    assert.ok(Math.abs(num(session, 'out/xW[0, 0]') - dot) < 1e-12, 'out/xW reads the edited row');
    at(session, 1, 6);
    assert.notEqual(num(session, 'loss'), loss);
    at(session, 1, FIRST_UPDATE);
    const refused = session.setExpression('tanh1/y[0, 0]', '0');
    assert.ok(!refused.ok && /update phase/.test(refused.error.message));
  });

  it('NaN is accepted and said so: the NaN filter stops where it spreads', () => {
    const { session, events } = open();
    ok(session.setExpression('hidden.W[0, 0]', '0/0'));
    assert.ok(outputs(events).some((t) => /not finite/.test(t)));
    const s = stop(session.continue());
    assert.equal(s.reason, 'exception');
    assert.equal(s.exception?.filter, 'nan_inf');
  });

  it('setVariable sets the row of a Variables reference by its expression; a row without one is refused', () => {
    const { session } = open();
    const answer = ok<EvaluateResult>(session.setVariable('x:hidden.W#1', '[0]', '0.25'));
    assert.equal(num(session, 'hidden.W[1, 0]'), 0.25);
    assert.match(answer.value, /0\.25/);
    const row = session.setVariable('scope:training', 'step', '3');
    assert.ok(!row.ok && /step cannot be set/.test(row.error.message));
    const none = session.setVariable('x:hidden.W#1', '[7]', '1');
    assert.ok(!none.ok && /no variable named \[7\]/.test(none.error.message));
  });

  it('Restart clears every edit and says so', () => {
    const { session, events } = open();
    const w = values(session, 'hidden.W');
    ok(session.setExpression('hidden.W[0, 0]', '1'));
    ok(session.setExpression('hidden.b', '2'));
    stop(session.restart());
    assert.ok(outputs(events).includes('Restart: 2 edits cleared\n'));
    assert.deepEqual(values(session, 'hidden.W'), w);
  });
});
