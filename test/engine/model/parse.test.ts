import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { parseModel } from '../../../engine/model/parse';

/** Valid files read into the expected spec: kinds, names, settings with defaults, inputs and ranges. */
const XOR = `name: mlp-xor
description: XOR with a hidden layer
seed: 7
data:
  task: xor
model:
  - linear: { name: hidden, out: 4 }
  - tanh
  - linear:
      out: 1
      init: he
  - sigmoid
loss: bce
training:
  optimizer: { sgd: { momentum: 0.9 } }
  lr: 0.5
  schedule: { step: { step_size: 10 } }
  clip: { norm: 2 }
  batch_size: 2
  steps: 50
debug:
  stop_on_entry: false
  break_on: { exploding: true, vanishing: 1e-5 }
`;

describe('model file parsing', () => {
  it('reads the top-level settings', () => {
    const { spec, diagnostics } = parseModel(XOR);
    assert.equal(diagnostics.count, 0);
    assert.ok(spec);
    assert.deepEqual([spec.name, spec.description, spec.seed, spec.dtype], ['mlp-xor', 'XOR with a hidden layer', 7, 'float64']);
    assert.deepEqual(spec.data && spec.data.source === 'task' && [spec.data.task, { ...spec.data.settings }], ['xor', {}]);
  });

  it('reads layers in order, names unnamed ones <kind><n>, fills in defaults', () => {
    const spec = parseModel(XOR).spec!;
    assert.deepEqual(
      spec.layers.map((l) => [l.kind, l.name, l.named]),
      [
        ['linear', 'hidden', true],
        ['tanh', 'tanh1', false],
        ['linear', 'linear1', false],
        ['sigmoid', 'sigmoid1', false],
      ],
    );
    assert.deepEqual({ ...spec.layers[0].attrs }, { out: 4, bias: true, init: 'xavier' });
    assert.deepEqual({ ...spec.layers[2].attrs }, { out: 1, bias: true, init: 'he' });
  });

  it('locates every layer: the whole item, its kind and each setting (1-based)', () => {
    const [hidden, tanh, third] = parseModel(XOR).spec!.layers;
    assert.deepEqual(hidden.kindRange, { line: 7, column: 5, endLine: 7, endColumn: 11 });
    assert.deepEqual(hidden.attrRanges.out, { line: 7, column: 34, endLine: 7, endColumn: 35 });
    assert.deepEqual(hidden.nameRange, { line: 7, column: 21, endLine: 7, endColumn: 27 });
    assert.equal(tanh.range.line, 8);
    assert.deepEqual([third.range.line, third.range.endLine, third.range.endColumn], [9, 11, 15], 'a block layer spans its settings lines, up to its last character');
  });

  it('reads training and debug settings', () => {
    const { training, debug } = parseModel(XOR).spec!;
    assert.deepEqual(training.optimizer.kind, 'sgd');
    assert.deepEqual({ ...training.optimizer.settings }, { momentum: 0.9, dampening: 0 });
    assert.deepEqual([training.lr, training.batchSize, training.steps, training.shuffle], [0.5, 2, 50, true]);
    assert.deepEqual([training.schedule.kind, { ...training.schedule.settings }], ['step', { step_size: 10, gamma: 0.1 }]);
    assert.deepEqual(training.clip && [training.clip.mode, training.clip.max], ['norm', 2]);
    assert.deepEqual(debug.breakOn, { nan_inf: true, exploding: 100, vanishing: 1e-5, dead_relu: false });
    assert.equal(debug.stopOnEntry, false);
  });

  it('defaults: sgd at lr 0.1, constant schedule, full batch, 100 steps, NaN/Inf breakpoint on', () => {
    const spec = parseModel('data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\n').spec!;
    assert.deepEqual([spec.name, spec.seed, spec.dtype], ['model', 0, 'float64']);
    assert.deepEqual([spec.training.optimizer.kind, spec.training.lr, spec.training.schedule.kind, spec.training.batchSize, spec.training.steps], ['sgd', 0.1, 'constant', undefined, 100]);
    assert.deepEqual(spec.debug.breakOn, { nan_inf: true, exploding: false, vanishing: false, dead_relu: false });
  });

  it('accepts JSON and reads it to the same spec as the equivalent YAML', () => {
    const yaml = 'data: { task: { spirals: { points: 40 } } }\nmodel:\n  - mlp: { hidden: [8, 8], out: 2, activation: tanh }\nloss: cross_entropy\ntraining: { optimizer: adam, lr: 0.01 }\n';
    const json = JSON.stringify({ data: { task: { spirals: { points: 40 } } }, model: [{ mlp: { hidden: [8, 8], out: 2, activation: 'tanh' } }], loss: 'cross_entropy', training: { optimizer: 'adam', lr: 0.01 } }, null, 2);
    const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (/range|Range|ranges/i.test(k) ? undefined : x)));
    const a = checkModel(yaml);
    const b = checkModel(json);
    assert.deepEqual([a.diagnostics, b.diagnostics], [[], []]);
    assert.deepEqual(strip(b.model!.spec), strip(a.model!.spec));
  });

  it('reads named inputs: `input` is the first slot, other slots by name, `inputs` for joins', () => {
    const text = `data: { task: { reverse: { length: 4 } } }
model:
  - embedding: { name: src, dim: 8 }
  - lstm: { name: encoder, hidden: 8 }
  - embedding: { name: tgt, dim: 8, input: target_in }
  - lstm: { name: decoder, hidden: 8, state: encoder }
  - attention: { name: attend, query: decoder, keys: encoder.out }
  - concat: { inputs: [decoder, attend] }
  - linear: { out: 5 }
loss: cross_entropy
`;
    const { spec, model, diagnostics } = checkModel(text);
    assert.deepEqual(diagnostics, []);
    const byName = new Map(spec!.layers.map((l) => [l.name, l]));
    assert.deepEqual(byName.get('tgt')!.inputs.input.map((r) => r.source), ['target_in']);
    assert.deepEqual(byName.get('decoder')!.inputs.state.map((r) => r.text), ['encoder']);
    assert.deepEqual(byName.get('attend')!.inputs.keys.map((r) => [r.source, r.output]), [['encoder', 'out']]);
    assert.deepEqual(byName.get('concat1')!.inputs.inputs.map((r) => r.source), ['decoder', 'attend']);
    assert.deepEqual(model!.spec.loss && [model!.spec.loss.input.source, model!.spec.loss.target?.source], ['linear1', 'target']);
  });

  it('reads inline tensors, text and pairs', () => {
    const tensors = parseModel('data:\n  tensors:\n    x: [[0, 1], [1, 0]]\n    y: [[1], [0]]\nmodel: [linear: { out: 1 }]\nloss: mse\n').spec!.data!;
    assert.deepEqual(tensors.source === 'tensors' && [tensors.tensors.x.values, [...tensors.tensors.x.shape]], [[[0, 1], [1, 0]], [2, 2]]);
    const text = parseModel('data:\n  text: ["the cat sat", "the dog ran"]\nmodel: [word2vec]\n').spec!.data!;
    assert.deepEqual(text.source === 'text' && text.sentences, ['the cat sat', 'the dog ran']);
    const pairs = parseModel('data:\n  pairs: ["a b -> b a"]\nmodel: [seq2seq: { hidden: 4 }]\nloss: cross_entropy\n').spec!.data!;
    assert.deepEqual(pairs.source === 'pairs' && pairs.pairs, ['a b -> b a']);
  });

  it('an embedding model needs no loss: its own objective is implied', () => {
    const { model, diagnostics } = checkModel('data: { task: corpus }\nmodel:\n  - word2vec: { objective: hierarchical_softmax }\n');
    assert.deepEqual(diagnostics, []);
    assert.equal(model!.spec.loss, null);
    const explicit = checkModel('data: { task: corpus }\nmodel: [word2vec: { objective: hierarchical_softmax }]\nloss: hierarchical_softmax\n');
    assert.deepEqual(explicit.diagnostics, []);
  });

  it('reading never changes the text (model files are data)', () => {
    const text = `${XOR}`;
    checkModel(text);
    assert.equal(text, XOR);
  });
});
