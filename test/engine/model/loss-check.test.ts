import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';

const model = (last: string, loss: string) => `data: { task: xor }\nmodel:\n  - linear: { out: 4 }\n  - tanh\n  - linear: { out: 1 }\n${last}loss: ${loss}\n`;

describe('the loss against the layer it reads', () => {
  it('bce takes probabilities: after a layer that gives any number it is a located conflict naming the fix', () => {
    for (const last of ['', '  - tanh\n', '  - relu\n']) {
      const { diagnostics } = checkModel(model(last, 'bce'));
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.line, d.column]),
        [['E_CONFLICT', last ? 7 : 6, 7]],
        last,
      );
      assert.match(diagnostics[0].message, /probabilities.*`- sigmoid`.*bce_with_logits/);
    }
  });

  it('bce after a sigmoid, and bce_with_logits or mse after anything, check', () => {
    assert.deepEqual(checkModel(model('  - sigmoid\n', 'bce')).diagnostics, []);
    assert.deepEqual(checkModel(model('', 'bce_with_logits')).diagnostics, []);
    assert.deepEqual(checkModel(model('', 'mse')).diagnostics, []);
  });

  it('bce reading a named layer checks that layer', () => {
    const text = 'data: { task: xor }\nmodel:\n  - linear: { out: 1, name: p }\n  - sigmoid: { name: s }\nloss: { bce: { input: p } }\n';
    assert.deepEqual(
      checkModel(text).diagnostics.map((d) => d.code),
      ['E_CONFLICT'],
    );
  });
});
