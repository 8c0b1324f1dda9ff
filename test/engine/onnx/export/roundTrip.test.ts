import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { Tape } from '../../../../engine/autograd/tape';
import { importOnnx, runOnnx } from '../../../../engine/onnx/import';
import { ACTIVATIONS, assertClose, backstepForward, exported, randomTensor, sampleText } from './support';

describe('engine/onnx/export → import: a Backstep model exported and imported again computes what it computed', () => {
  const models: [string, string][] = [...['mlp-xor', 'lstm-memory', 'gru-memory', 'attention-reverse', 'transformer'].map((s): [string, string] => [s, sampleText(s)]), ['leaky_relu, elu, silu and add', ACTIVATIONS]];
  for (const [name, text] of models) {
    it(name, () => {
      const { bytes, trainer } = exported(text, 2);
      const B = 5;
      const fields = Object.fromEntries(Object.entries(trainer.model.data.fields).map(([n, f], k) => [n, randomTensor([B, ...f.shape.slice(1)], 21 + k, f.kind === 'index' ? f.classes : 0)]));
      const graph = onnx.ModelProto.decode(bytes).graph as onnx.GraphProto;
      const inputs = graph.input.map((io) => String(io.name));
      const model = importOnnx(bytes, `${name}.onnx`, { inputShapes: new Map(inputs.map((n) => [n, fields[n].shape])) });
      const values = runOnnx(model, new Tape(), new Map(inputs.map((n) => [n, fields[n]])));
      const out = values.get(String(graph.output[0].name))!;
      const ours = backstepForward(trainer, fields);
      assert.deepEqual([...out.shape], [...ours.shape]);
      assertClose(out.data, ours.data);
      // Weights kept as they are (embeddings, linear layers) come back by name with their trained values
      // (recurrent ones come back packed in ONNX's W, R, B).
      const imported = new Map(model.params.map((p) => [p.name, p]));
      const same = trainer.layers.flatMap((l) => l.params).filter((p) => imported.has(p.name));
      assert.ok(same.length >= 2, `weights found again: ${same.map((p) => p.name).join(', ')}`);
      for (const p of same) assertClose(imported.get(p.name)!.data, p.data, 1e-7, 1e-7);
    });
  }
});
