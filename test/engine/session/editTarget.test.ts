import { strict as assert } from 'node:assert';
import { Session } from '../../../engine/session/session';
import { at, openXor as open, sampleText, values } from './edit_support';
import { fakeSession, stop } from './session_support';

/** What an edit's target and value may be (engine/session/editTarget.ts): every refusal names the problem. */
describe('edit targets', () => {
  it('refuses what cannot be set, naming the problem, and stays usable', () => {
    const { session } = open();
    at(session, 1, 2);
    const w = values(session, 'hidden.W');
    const cases: [string, string, RegExp][] = [
      ['data.x', '1', /data.x is data/],
      ['loss', '1', /loss cannot be set/],
      ['step', '3', /step cannot be set/],
      ['grad_norm', '3', /grad_norm cannot be set/],
      ['shape(hidden.W)', '1', /shape is fixed/],
      ['grad(hidden.W)', '1', /only a name/],
      ['hidden.Q', '1', /unknown name hidden.Q/],
      ['sigmoid1/y', '1', /not computed yet/],
      ['hidden.W[0]', 'hidden.W', /shape \[4,2\] but hidden.W\[0\] has shape \[2\]/],
      ['hidden.W[0,', '1', /expected/],
      ['hidden.W[9, 0]', '1', /out of range/],
      ['hidden.W[0.5]', '1', /whole number/],
      ['clip', '1', /does not clip/],
      ['lr', '-1', /lr must be a finite number ≥ 0/],
      ['lr[0]', '1', /takes no index/],
      ['hidden.W[0, 0]', 'lr > 1', /boolean/],
    ];
    for (const [target, value, message] of cases) {
      const r = session.setExpression(target, value);
      assert.ok(!r.ok, `${target} = ${value} was accepted`);
      assert.match(r.error.message, message, `${target} = ${value}`);
    }
    assert.deepEqual(values(session, 'hidden.W'), w);
    assert.equal(session.internals!.timeline.edits.length, 0);
    assert.ok(session.stackTrace().ok);
    assert.equal(stop(session.stepOver()).location.node, 'out/xW');
  });

  it('on an LSTM: a stack over time is refused; a trainer that does not edit activations has the edit taken back, the cursor unmoved', () => {
    const { session } = fakeSession();
    stop(session.start());
    at(session, 1, 24);
    const stacked = session.setExpression('memory.gate_f', '0');
    assert.ok(!stacked.ok && /stacks the time steps/.test(stacked.error.message), !stacked.ok ? stacked.error.message : '');
    const gate = values(session, 'memory/t1/gate_f');
    const unsupported = session.setExpression('memory/t1/gate_f', '0');
    assert.ok(!unsupported.ok && /taken back: .*does not edit activations/.test(unsupported.error.message), !unsupported.ok ? unsupported.error.message : '');
    assert.deepEqual(values(session, 'memory/t1/gate_f'), gate);
    assert.deepEqual(session.internals!.cursor, { step: 1, event: 24, level: 'op' });
    assert.equal(session.internals!.fault, null);
    const short = session.setExpression('gate_f[0]', '0.5');
    assert.ok(!short.ok && /computes memory\/t1\/gate_f$/.test(short.error.message), 'a short name is the tensor of the cursor’s time step');
  });


  it('optimizer state is refused (lstm-memory trains with Adam): edit the parameter or lr', () => {
    const session = Session.create(sampleText('lstm-memory'), 'lstm-memory.nn.yaml');
    stop(session.start());
    stop(session.goto(2));
    const m = values(session, 'memory.W_f.m');
    const r = session.setExpression('memory.W_f.m[0, 0]', '1');
    assert.ok(!r.ok && /memory\.W_f\.m is optimizer state and cannot be set/.test(r.error.message), !r.ok ? r.error.message : 'accepted');
    assert.deepEqual(values(session, 'memory.W_f.m'), m);
  });
});
