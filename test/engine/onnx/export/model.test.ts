import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { BackstepError } from '../../../../engine/errors';
import { exportOnnx } from '../../../../engine/onnx/export/model';
import { exported, sampleText, trainerOf } from './support';

describe('engine/onnx/export/model', () => {
  it('names nodes by the layer scope, parameters as Backstep does, and records the model and step', () => {
    const { bytes, trainer } = exported(sampleText('mlp-xor'), 7);
    const model = onnx.ModelProto.decode(bytes);
    assert.deepEqual(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 14]]);
    const graph = model.graph as onnx.GraphProto;
    assert.deepEqual(graph.initializer.map((t) => t.name), ['hidden.W', 'hidden.b', 'out.W', 'out.b']);
    const W = graph.initializer[0] as onnx.TensorProto;
    assert.deepEqual(W.dims.map(Number), [4, 2]);
    assert.deepEqual(W.floatData, Array.from(Float32Array.from(trainer.layers[0].params[0].data)), 'the trained weights, as float32');
    assert.deepEqual(graph.node.map((n) => n.name), ['hidden/Gemm', 'tanh1/Tanh', 'out/Gemm', 'sigmoid1/Sigmoid', 'sigmoid1/output']);
    assert.deepEqual(Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value])), { 'backstep.model': 'mlp-xor', 'backstep.step': '7' });
  });

  it('an LSTM is one ONNX LSTM node with W (1, 4H, I), R (1, 4H, H) and B (1, 8H)', () => {
    const { bytes } = exported(sampleText('lstm-memory'), 0);
    const graph = onnx.ModelProto.decode(bytes).graph as onnx.GraphProto;
    const lstm = graph.node.filter((n) => n.opType === 'LSTM');
    assert.equal(lstm.length, 1);
    const dims = (name: string) => (graph.initializer.find((t) => t.name === name) as onnx.TensorProto).dims.map(Number);
    const [, W, R, B] = (lstm[0] as onnx.NodeProto).input;
    const H = dims(R)[2];
    assert.deepEqual([dims(W), dims(R), dims(B)], [[1, 4 * H, 1], [1, 4 * H, H], [1, 8 * H]]);
  });

  it('refuses a layer kind without an exporter with an error naming the layer, its kind and what exports', () => {
    const trainer = trainerOf(sampleText('seq2seq-attention'));
    assert.throws(
      () => exportOnnx(trainer.model, trainer.layers, { step: 0 }),
      (e: unknown) => e instanceof BackstepError && e.where.layer === trainer.model.layers.find((l) => l.kind === 'seq2seq')!.name && /a seq2seq layer has no ONNX export; the layer kinds that export are .*lstm.*transformer_block/.test(e.message),
    );
  });
});
