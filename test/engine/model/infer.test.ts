import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';

/** Shape inference through whole models, before anything runs. */
describe('shape inference through a model', () => {
  it('follows the attention sample: every layer\'s inputs and outputs', () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'attention-reverse.nn.yaml'), 'utf8');
    const { model } = checkModel(text);
    const shapes = Object.fromEntries(model!.layers.map((l) => [l.name, l.outputs[Object.keys(l.outputs)[0]].shape]));
    assert.deepEqual(shapes, {
      src_embed: [16, 5, 16],
      encoder: [16, 5, 16],
      tgt_embed: [16, 5, 16],
      decoder: [16, 5, 16],
      attend: [16, 5, 16],
      combined: [16, 5, 32],
      out: [16, 5, 7],
    });
    assert.equal(model!.batch, 16);
    const out = model!.spec.layers.find((l) => l.name === 'out')!;
    assert.equal(out.attrs.in, 32, 'sizes inferred from the input are filled into the spec');
  });

  it('the first layer reads the data input; others the previous layer unless they name an input', () => {
    const { model } = checkModel('data: { task: { first_bit: { examples: 8, length: 3 } } }\nmodel:\n  - rnn: { hidden: 4 }\n  - linear: { out: 1, input: x }\nloss: mse\n');
    assert.deepEqual(model, null, 'linear on x (8,3,1) gives (8,3,1), not the target (8,1)');
    const ok = checkModel('data: { task: { first_bit: { examples: 8, length: 3 } } }\nmodel:\n  - rnn: { name: r, hidden: 4, return: last }\n  - linear: { out: 1 }\nloss: mse\n');
    assert.deepEqual(ok.diagnostics, []);
    assert.deepEqual(ok.model!.layers.map((l) => l.inputs[Object.keys(l.inputs)[0]][0].source), ['x', 'r']);
  });

  it('one mistake is reported once, not again by every layer after it', () => {
    const { diagnostics } = checkModel('data: { task: xor }\nmodel:\n  - linear: { name: a, out: 4, in: 3 }\n  - tanh\n  - linear: { name: b, out: 1 }\n  - sigmoid\nloss: bce\n');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.layer]), [['E_SHAPE', 'a']]);
  });

  it('refuses more time steps than the budget, saying the budget', () => {
    const { diagnostics } = checkModel('data: { task: { first_bit: { examples: 2, length: 300 } } }\nmodel:\n  - lstm: { hidden: 2, return: last }\n  - linear: { out: 1 }\nloss: mse\n');
    assert.deepEqual(diagnostics.map((d) => d.code), ['E_BUDGET']);
    assert.match(diagnostics[0].message, /300 time steps; the budget is 256/);
  });

  it('a smaller budget can be given', () => {
    const { diagnostics } = checkModel('data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\n', { budget: { parameters: 2, tensorElements: 100, dataElements: 100, timeSteps: 10, steps: 10 } });
    assert.deepEqual(diagnostics.map((d) => d.code), ['E_BUDGET', 'E_BUDGET']);
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /the budget is 2 parameters/);
    assert.match(messages, /over the budget of 10 training steps/);
  });
});

describe('training settings against the data', () => {
  it('a batch larger than the data set is an error', () => {
    const { diagnostics } = checkModel('data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\ntraining: { batch_size: 8 }\n');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line]), [['E_VALUE', 4]]);
    assert.match(diagnostics[0].message, /more than the 4 examples/);
  });

  it('a warm-up that does not end within training is an error; cosine runs over the remaining steps', () => {
    const bad = checkModel('data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\ntraining: { steps: 10, schedule: { warmup: { warmup_steps: 10 } } }\n');
    assert.deepEqual(bad.diagnostics.map((d) => d.code), ['E_VALUE']);
    const good = checkModel('data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\ntraining: { steps: 50, schedule: { warmup_cosine: { warmup_steps: 10 } } }\n');
    assert.deepEqual(good.model!.spec.training.schedule.settings, { warmup_steps: 10, start_factor: 0.1, eta_min: 0, T_max: 40 });
  });
});
