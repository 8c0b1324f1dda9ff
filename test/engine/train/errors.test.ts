import assert from 'node:assert/strict';
import { BackstepError } from '../../../engine/errors';
import { checkModel } from '../../../engine/model/check';
import type { CheckedModel } from '../../../engine/model/validate';
import { createTrainer, describeLocated, loadTrainer } from '../../../engine/train';
import { sampleText, train, trainerFor } from './support';

/** The checked XOR model with one layer's settings changed behind the checker's back. */
function tampered(layer: string, attrs: Record<string, unknown>): CheckedModel {
  const model = checkModel(sampleText('mlp-xor')).model!;
  const layers = model.layers.map((l) => (l.name === layer ? { ...l, attrs: { ...l.attrs, ...attrs } } : l));
  return { ...model, layers } as CheckedModel;
}

function caught(fn: () => unknown): BackstepError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BackstepError, `expected a BackstepError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected an error');
}

describe('errors while building or running are located in the model file', () => {
  it('a shape error at run time names the op, the layer and its line', () => {
    const trainer = createTrainer(tampered('out', { in: 3 }));
    const e = caught(() => trainer.beginStep());
    assert.equal(e.code, 'E_SHAPE');
    assert.equal(e.where.layer, 'out');
    assert.equal(e.where.line, 25);
    assert.match(describeLocated(e, 'mlp.yaml'), /^mlp\.yaml:25:5: E_SHAPE layer "out".*\[4,4\]/);
  });

  it('a failed step leaves the trainer where it was: the batch stream is not advanced', () => {
    const trainer = createTrainer(tampered('out', { in: 3 }));
    const before = trainer.snapshot();
    assert.throws(() => trainer.beginStep());
    assert.deepEqual(trainer.snapshot(), before);
    assert.equal(trainer.completedSteps, 0);
  });

  it('a bad setting found while building is located at its layer', () => {
    const e = caught(() => createTrainer(tampered('hidden', { out: 0 })));
    assert.equal(e.code, 'E_ATTR');
    assert.equal(e.where.layer, 'hidden');
    assert.equal(e.where.line, 23);
  });

  it('loadTrainer never throws: diagnostics for a broken file, a located error for a failed build', () => {
    const broken = loadTrainer('data: { task: xor }\nmodel:\n  - linear: { out: 1, bais: 2 }\nloss: mse\n');
    assert.equal(broken.kind, 'invalid');
    assert.equal(broken.kind === 'invalid' && broken.diagnostics[0].code, 'E_UNKNOWN_KEY');
    const two = loadTrainer('data: { task: corpus }\nmodel:\n  - word2vec: { name: w }\n  - glove: { name: g, text: text }\n');
    assert.equal(two.kind, 'failed');
    if (two.kind === 'failed') {
      assert.equal(two.error.where.layer, 'w');
      assert.equal(two.error.where.line, 3);
      assert.match(two.error.message, /trains alone/);
    }
  });

  it('a configuration that produces NaN is not an error: training goes on with non-finite numbers', () => {
    const text = ['data: { tensors: { x: [[1e300, -1e300], [1e300, 1e300]], y: [[1], [0]] } }', 'model:', '  - linear: { name: fit, out: 1 }', 'loss: mse', 'training: { optimizer: sgd, lr: 1, steps: 4 }'].join('\n');
    const trainer = trainerFor(text, { recordValues: false });
    const losses = train(trainer, 4);
    assert.equal(trainer.completedSteps, 4);
    assert.ok(losses.some((l) => !Number.isFinite(l)), `losses ${losses.join(', ')}`);
    assert.ok(trainer.params.some((p) => Array.from(p.data).some((v) => Number.isNaN(v))));
  });
});
