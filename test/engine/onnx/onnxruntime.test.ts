import assert from 'node:assert/strict';
import { Tape } from '../../../engine/autograd/tape';
import { runOnnx } from '../../../engine/onnx/import';
import { FIXTURE_NAMES, feedsOf, fixture, load, maxDiff } from './support';

/** Forward outputs against onnxruntime-node, which runs the same files in float32 (a devDependency, tests only). */

interface Ort {
  InferenceSession: { create(path: string): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: ArrayLike<number> }>> }> };
  Tensor: new (type: string, data: ArrayLike<number> | BigInt64Array, dims: readonly number[]) => unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as Ort;

describe('imported models against onnxruntime', () => {
  for (const name of FIXTURE_NAMES) {
    it(`${name}: the same outputs as onnxruntime (float32)`, async () => {
      const { ref, file } = fixture(name);
      const session = await ort.InferenceSession.create(file);
      const feeds: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ref.inputs)) {
        feeds[k] = v.dtype === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(v.values.map(BigInt)), v.shape) : new ort.Tensor('float32', Float32Array.from(v.values), v.shape);
      }
      const expected = (await session.run(feeds))[ref.output.name].data;
      const { model } = load(name);
      const output = runOnnx(model, new Tape(), feedsOf(ref)).get(ref.output.name)!;
      const d = maxDiff(output.data, Array.from(expected, Number));
      assert.ok(d < 2e-6, `max |Δ| ${d}`);
    });
  }
});
