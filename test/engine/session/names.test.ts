import { strict as assert } from 'node:assert';
import type { EvaluateResult, VariableView } from '../../../engine/protocol/values';
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
    assert.match(ok<EvaluateResult>(session.evaluate('toString.b')).value, /^\[1\]/);
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
