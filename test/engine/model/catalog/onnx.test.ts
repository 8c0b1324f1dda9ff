import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../../engine/model/check';
import { DEFAULT_BUDGET } from '../../../../engine/model/budget';
import { dataFileRefs, type DataFiles } from '../../../../engine/model/files';
import { sampleTrainer, train } from '../../train/support';

/** `- onnx: { file, output }` in a model file: the graph read through the data-files seam, checked with the model, trained as a layer. */

const FIXTURES = join(__dirname, '../../../fixtures/onnx');
const mlp = readFileSync(join(FIXTURES, 'mlp.onnx'));

function model(layer: string, examples = 5): string {
  return `data:\n  tensors:\n    x: ${JSON.stringify(Array.from({ length: examples }, (_, i) => [i, 1, 0, -1]))}\n    y: ${JSON.stringify(Array.from({ length: examples }, () => [0, 1, 0]))}\nmodel:\n  - ${layer}\nloss: mse\ntraining: { batch_size: 5, steps: 2 }\n`;
}

const withFile = (bytes: Uint8Array): DataFiles => new Map([['mlp.onnx', { ok: true, bytes }]]);

describe('onnx layers in a model file', () => {
  it('names the .onnx file among the files the host reads, at the `file:` value', () => {
    const text = model('onnx: { name: net, file: mlp.onnx }');
    const [ref] = dataFileRefs(text);
    assert.equal(ref.path, 'mlp.onnx');
    assert.equal(text.split('\n')[ref.range.line - 1].slice(ref.range.column - 1, ref.range.column - 1 + 'mlp.onnx'.length), 'mlp.onnx');
  });

  it('checks: the output shape of the graph, the initializers as parameters', () => {
    const { diagnostics, model: checked } = checkModel(model('onnx: { name: net, file: mlp.onnx }'), { files: withFile(mlp) });
    assert.deepEqual(diagnostics, []);
    const layer = checked!.layers[0];
    assert.deepEqual(layer.outputs.out.shape, [5, 3]);
    assert.deepEqual(layer.params['fc1.weight'], [8, 4]);
    assert.equal(checked!.parameters, 8 * 4 + 8 + 8 + 8 + 8 * 8 + 8 + 3 * 8 + 3);
  });

  it('reports an unreadable, foreign or mismatched graph at `file:`, naming the file', () => {
    const text = model('onnx: { name: net, file: mlp.onnx }');
    const line = text.split('\n').findIndex((l) => l.includes('mlp.onnx')) + 1;
    const missing = checkModel(text, { files: new Map([['mlp.onnx', { ok: false, message: 'no such file' }]]) }).diagnostics;
    assert.match(missing[0].message, /layer "net" \(onnx\): cannot read "mlp.onnx": no such file/);
    assert.equal(missing[0].line, line);
    const foreign = checkModel(text, { files: withFile(new TextEncoder().encode('not a graph')) }).diagnostics;
    assert.match(foreign[0].message, /mlp\.onnx: not a readable ONNX model/);
    const batch = checkModel(model('onnx: { name: net, file: mlp.onnx }', 6).replace('batch_size: 5', 'batch_size: 6'), { files: withFile(mlp) }).diagnostics;
    assert.match(batch[0].message, /graph input "x": the model declares \[5,4\] but the data gives \[6,4\]/);
  });

  it('refuses an `output:` the graph does not have, listing its outputs', () => {
    const { diagnostics } = checkModel(model('onnx: { name: net, file: mlp.onnx, output: logits }'), { files: withFile(mlp) });
    assert.match(diagnostics[0].message, /"mlp.onnx" has no value `logits`; its graph outputs are output/);
  });

  it('the sample trains: its parameters carry PyTorch names and the loss falls', () => {
    const trainer = sampleTrainer('onnx-transformer');
    assert.ok(trainer.params.some((p) => p.name === 'encoder.layers.0.linear1.weight'));
    const losses = train(trainer, 40);
    assert.ok(losses[39] < losses[0] * 0.8, `loss ${losses[0]} → ${losses[39]}`);
  });

  it('evaluates more examples than the exported batch in chunks of it', () => {
    const trainer = sampleTrainer('onnx-transformer');
    const evaluation = trainer.evaluate()!;
    assert.equal(evaluation.examples, 64);
    assert.ok(Number.isFinite(evaluation.loss) && evaluation.loss > 1, `untrained loss ${evaluation.loss}`);
  });

  it('every trainer starts from the file\'s weights (its own copies)', () => {
    const a = sampleTrainer('onnx-transformer');
    const before = Array.from(a.params[0].data);
    train(a, 2);
    const b = sampleTrainer('onnx-transformer');
    assert.deepEqual(Array.from(b.params[0].data), before);
    assert.notDeepEqual(Array.from(a.params[0].data), before);
  });
});

describe('the budget of imported graphs', () => {
  it('counts their parameters apart, against `importedParameters`, at `file:`', () => {
    const text = model('onnx: { name: net, file: mlp.onnx }');
    const files = withFile(mlp);
    const small = { ...DEFAULT_BUDGET, parameters: 10 };
    assert.deepEqual(checkModel(text, { files, budget: small }).diagnostics, [], 'the model budget does not count imported parameters');
    const n = checkModel(text, { files }).model!.parameters;
    const { diagnostics } = checkModel(text, { files, budget: { ...DEFAULT_BUDGET, importedParameters: n - 1 } });
    assert.equal(diagnostics[0].message, `layer "net" brings the imported graphs to ${n} parameters; the budget for imported models is ${n - 1} parameters`);
    assert.equal(diagnostics[0].line, text.split('\n').findIndex((l) => l.includes('mlp.onnx')) + 1);
  });
});

describe('model: { onnx: file } — the whole model one graph', () => {
  it('is the layer `model` reading the data input, its file among those the host reads', () => {
    const text = model('onnx: { name: net, file: mlp.onnx }').replace('model:\n  - onnx: { name: net, file: mlp.onnx }', 'model: { onnx: mlp.onnx, output: output }');
    assert.deepEqual(dataFileRefs(text).map((r) => r.path), ['mlp.onnx']);
    const { diagnostics, model: checked } = checkModel(text, { files: withFile(mlp) });
    assert.deepEqual(diagnostics, []);
    assert.equal(checked!.layers[0].name, 'model');
    assert.equal(checked!.layers[0].kind, 'onnx');
    assert.deepEqual(checked!.layers[0].outputs.out.shape, [5, 3]);
  });
});
