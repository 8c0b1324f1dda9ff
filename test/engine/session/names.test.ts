import { strict as assert } from 'node:assert';
import type { StopInfo } from '../../../engine/protocol/session';
import type { EvaluateResult, VariableView } from '../../../engine/protocol/values';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { Session } from '../../../engine/session/session';
import { ok } from './session_support';

/** Layers named like properties every JavaScript object has: names are keys like any other. */
const BUILT_IN_NAMES = `
data: { task: xor }
model:
  - linear: { out: 3, name: constructor }
  - tanh: { name: __proto__ }
  - linear: { out: 1, name: toString }
loss: mse
training: { steps: 3 }
`;

describe('session names', () => {
  it('evaluates tensors of layers named constructor, __proto__ or toString, and nothing else by those words', () => {
    const session = Session.create(BUILT_IN_NAMES, 'names.nn.yaml');
    session.start();
    for (let i = 0; i < 40; i++) session.stepOver();
    assert.match(ok<EvaluateResult>(session.evaluate('constructor.W')).value, /^\[3,2\]/);
    assert.equal(ok<EvaluateResult>(session.evaluate('toString.b')).type, 'tensor float64 [1]', 'one value: a number, its shape in the type');
    assert.match(ok<EvaluateResult>(session.evaluate('norm(grad(constructor.W))')).value, /^\d/);
    for (const word of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      const r = session.evaluate(word);
      assert.ok(!r.ok && /unknown name/.test(r.error.message), `${word}: ${JSON.stringify(r)}`);
    }
    const model = ok<VariableView[]>(session.variables('scope:model')).map((v) => v.name);
    assert.ok(model.some((n) => n.startsWith('constructor')), model.join(', '));
  });

  it('answers a condition on a step value named like a built-in as an unknown name, not a function', () => {
    const session = Session.create(BUILT_IN_NAMES, 'names.nn.yaml');
    session.start();
    const r = session.evaluate('toString + 1');
    assert.ok(!r.ok && /unknown name toString/.test(r.error.message), JSON.stringify(r));
  });
});

describe('session names show the present', () => {
  const at = (session: Session, node: string): void => {
    for (let i = 0; i < 500 && session.internals!.location().node !== node; i++) session.stepIn();
    assert.equal(session.internals!.location().node, node);
  };
  const value = (session: Session, expression: string): string => ok<EvaluateResult>(session.evaluate(expression)).value;
  const refusal = (session: Session, expression: string): string => {
    const r = session.evaluate(expression);
    assert.ok(!r.ok, `${expression} was answered: ${JSON.stringify(r)}`);
    return r.error.message;
  };

  it('a tensor the forward pass has not reached is not computed yet, by its full or its short name', () => {
    const session = Session.create(FAKE_MODEL, 'fake.nn.yaml');
    session.start();
    at(session, 'memory/t0/gate_f');
    assert.match(value(session, 'memory/t0/gate_f'), /^\[2,3\]/);
    assert.match(refusal(session, 'memory/t2/gate_f'), /memory\/t2\/gate_f is not computed yet: the forward pass of step 1 has not reached it/);
    assert.match(refusal(session, 'hidden/y'), /not computed yet/);
    assert.match(value(session, 'memory.gate_f'), /^\[1,2,3\]/, 'over time: the time steps computed so far');
    assert.match(refusal(session, 'memory.gate_i2'), /unknown name/, 'a name nothing has is still unknown, not pending');
    at(session, 'memory/t2/gate_f');
    assert.match(value(session, 'memory/t2/gate_f'), /^\[2,3\]/);
    assert.match(value(session, 'memory.gate_f'), /^\[3,2,3\]/);
  });

  it('loss is the latest loss computed: none before step 1’s loss op, then that step’s, then the previous step’s in a forward pass', () => {
    const session = Session.create(FAKE_MODEL, 'fake.nn.yaml');
    session.start();
    assert.match(refusal(session, 'loss'), /loss is not computed yet: step 1's loss comes after its forward pass/);
    const training = (): VariableView[] => ok<VariableView[]>(session.variables('scope:training'));
    assert.match(training().find((v) => v.name === 'loss')!.value, /not computed yet/);
    const state = session.internals!;
    while (state.location().phase !== 'backward') session.stepOver();
    const first = state.timeline.run!.loss.data[0];
    const close = (text: string, x: number): boolean => Math.abs(Number(text) - x) <= 1e-5 * Math.abs(x);
    assert.ok(close(value(session, 'loss'), first));
    assert.ok(close(training().find((v) => v.name === 'loss')!.value, first));
    while (state.cursor.step === 1) session.stepOver();
    assert.equal(state.location().phase, 'forward');
    assert.ok(!close(String(state.timeline.run!.loss.data[0]), first), 'step 2 has a loss of its own (already run by the trainer)');
    assert.ok(close(value(session, 'loss'), first), 'in step 2’s forward pass, loss is still step 1’s');
  });

  it('a breakpoint condition reads the same present: a condition on a value not computed yet does not hold, silently', () => {
    const session = Session.create(FAKE_MODEL, 'fake.nn.yaml');
    session.start();
    const line = FAKE_MODEL.split('\n').findIndex((l) => l.includes('name: hidden')) + 1;
    ok(session.setBreakpoints([{ line, condition: 'loss > 0' }]));
    const where = (s: StopInfo): string => `step ${s.location.trainingStep} ${s.location.phase} ${s.location.layer}`;
    // The layer stops twice a step: in the forward pass, and at the end of its backward pass.
    assert.equal(where(ok<StopInfo>(session.continue())), 'step 1 backward hidden', 'step 1 has no loss yet at the forward stop');
    assert.equal(where(ok<StopInfo>(session.continue())), 'step 2 forward hidden', 'step 2’s forward stop reads step 1’s loss');
    assert.deepEqual(session.internals!.output, [], 'no "condition failed" message');
    ok(session.setBreakpoints([{ line, condition: 'norm(out/y) > 0' }]));
    assert.equal(where(ok<StopInfo>(session.continue())), 'step 2 backward hidden', 'out/y comes after hidden in the forward pass');
  });
});
