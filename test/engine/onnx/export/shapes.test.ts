import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { ACTIVATIONS, assertClose, backstepForward, exported, randomTensor, sampleText } from './support';

/** onnxruntime-node, required lazily: a devDependency only the export tests load. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

/** A batch size neither of the two the exporter infers at (2, 3): the symbolic axes must hold beyond them. */
const B = 5;

/** A value_info's dims at batch B: `batch` → B, `k*batch` → k·B, a fixed size as is. */
function dimsAt(info: onnx.IValueInfoProto, batch: number): (number | null)[] {
  return (info.type?.tensorType?.shape?.dim ?? []).map((d) => {
    if (d.dimParam === 'batch') return batch;
    const k = /^(\d+)\*batch$/.exec(d.dimParam ?? '');
    if (k) return Number(k[1]) * batch;
    return d.dimValue === undefined || d.dimValue === null ? null : Number(d.dimValue);
  });
}

const ELEM: Record<string, number> = { float32: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64, bool: onnx.TensorProto.DataType.BOOL };

describe('engine/onnx/export/shapes: value_info for every computed value (what Netron shows on the edges)', () => {
  const models: [string, string][] = [...['mlp-xor', 'lstm-memory', 'gru-memory', 'attention-reverse', 'transformer', 'multi-head-attention'].map((s): [string, string] => [s, sampleText(s)]), ['activations and an add layer', ACTIVATIONS]];
  for (const [sample, text] of models) {
    it(`${sample}: every node output has a value_info (the output in graph.output) whose dims and element type are what onnxruntime computes`, async () => {
      const { bytes, trainer } = exported(text, 2);
      const model = onnx.ModelProto.decode(bytes);
      const graph = model.graph as onnx.GraphProto;
      const infos = new Map([...graph.valueInfo, ...graph.output].map((v) => [String(v.name), v]));
      const computed = graph.node.flatMap((n) => n.output ?? []).filter((n) => n !== '');
      const inputs = graph.input.map((io) => ({ name: String(io.name), int: io.type?.tensorType?.elemType === onnx.TensorProto.DataType.INT64 }));
      assert.deepEqual(computed.filter((n) => !infos.has(n)), [], 'values without a value_info');
      assert.equal(graph.output[0].type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch', 'the output’s first axis is the batch, as the inputs’');

      const fields = Object.fromEntries(inputs.map((io, k) => {
        const f = trainer.model.data.fields[io.name];
        return [io.name, randomTensor([B, ...f.shape.slice(1)], 11 + k, f.kind === 'index' ? f.classes : 0)];
      }));
      // Every computed value as a graph output, so onnxruntime reports each one's shape.
      graph.output = computed.map((n) => infos.get(n)!);
      const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
      const feeds = Object.fromEntries(inputs.map((io) => {
        const t = fields[io.name];
        return [io.name, io.int ? new ort.Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(v)), [...t.shape]) : new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape])];
      }));
      const result = await session.run(feeds);
      for (const name of computed) {
        const info = infos.get(name)!;
        assert.deepEqual(dimsAt(info, B), [...result[name].dims], `dims of ${name}`);
        assert.equal(info.type?.tensorType?.elemType, ELEM[result[name].type], `element type of ${name}`);
      }
      const out = computed[computed.length - 1];
      assertClose(result[out].data as Float32Array, backstepForward(trainer, fields).data);
    });
  }
});
