import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { buildDataSet } from '../../../engine/model/dataset';

function data(text: string, seed?: number) {
  const { model, diagnostics } = checkModel(text);
  assert.deepEqual(diagnostics, []);
  return buildDataSet(model!.spec.data, seed ?? model!.spec.seed, model!.spec.dtype);
}

const SPIRALS = 'seed: 4\ndata: { task: { spirals: { points: 30 } } }\nmodel: [linear: { out: 2 }]\nloss: cross_entropy\n';

describe('data sets from a model file', () => {
  it('the same seed gives the same data; the model does not change it', () => {
    const a = data(SPIRALS);
    const b = data(SPIRALS.replace('linear: { out: 2 }', 'mlp: { hidden: [8], out: 2 }'));
    const c = data(SPIRALS, 5);
    const xs = (d: typeof a) => (d.fields.x.kind === 'float' ? Array.from(d.fields.x.tensor.data) : []);
    assert.deepEqual(xs(a), xs(b));
    assert.notDeepEqual(xs(a), xs(c));
  });

  it('inline tensors become named float tensors in the model dtype; input and target as named', () => {
    const d = data('dtype: float32\ndata:\n  tensors:\n    a: [[1, 2], [3, 4]]\n    b: [[1], [0]]\n  input: a\n  target: b\nmodel: [linear: { out: 1 }]\nloss: mse\n');
    assert.deepEqual([d.input, d.target], ['a', 'b']);
    assert.ok(d.fields.a.kind === 'float');
    assert.deepEqual([d.fields.a.tensor.dtype, d.fields.a.tensor.name, d.fields.a.tensor.toNested()], ['float32', 'data.a', [[1, 2], [3, 4]]]);
  });

  it('inline text and pairs', () => {
    const text = data('data:\n  text: ["The cat sat.", "the dog sat"]\nmodel: [glove: { dim: 2 }]\n');
    assert.deepEqual(text.fields.text.kind === 'text' && text.fields.text.sentences, [['the', 'cat', 'sat'], ['the', 'dog', 'sat']]);
    const pairs = data('data:\n  pairs: ["a b -> b a", "c -> c"]\nmodel: [seq2seq: { hidden: 4 }]\nloss: cross_entropy\n');
    assert.deepEqual(Object.keys(pairs.fields), ['source', 'target', 'target_in']);
  });
});
