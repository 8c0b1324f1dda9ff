import { strict as assert } from 'node:assert';
import { Tape } from '../../../../engine/autograd/tape';
import { onnxHandler, type OnnxAttr } from '../../../../engine/onnx/handlers';
import '../../../../engine/onnx/ops/recurrent';
import { Rng } from '../../../../engine/random';
import { Tensor } from '../../../../engine/tensor/tensor';
import { close } from '../support/close';
import { singleNodeModel } from '../support/singleNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

/** t with its axes permuted (y axis k = t axis perm[k]). */
const permuted = (t: Tensor, perm: number[]): Tensor => new Tape().apply('permute', [t], { perm });

/**
 * onnxruntime's CPU kernels reject layout = 1, which the ONNX spec defines as layout 0 with X,
 * initial_h, initial_c, Y, Y_h and Y_c batch-first: there, the reference is onnxruntime at layout 0
 * on the transposed inputs, its outputs transposed back.
 */
describe('ONNX recurrent nodes torch never writes (layout 1, reverse, no B or initial states, GRU without linear_before_reset) equal onnxruntime', () => {
  const [T, B, I, H] = [3, 2, 3, 4];
  const cases: { title: string; opType: string; attrs: Record<string, number | string | string[]>; D: number; layout: number; has: string[] }[] = [
    { title: 'LSTM reverse, layout 1, with B and initial states', opType: 'LSTM', attrs: { hidden_size: H, direction: 'reverse' }, D: 1, layout: 1, has: ['B', 'initial_h', 'initial_c'] },
    { title: 'LSTM bidirectional, layout 1, without B or initial states', opType: 'LSTM', attrs: { hidden_size: H, direction: 'bidirectional' }, D: 2, layout: 1, has: [] },
    { title: 'GRU bidirectional, layout 0', opType: 'GRU', attrs: { hidden_size: H, direction: 'bidirectional', linear_before_reset: 1 }, D: 2, layout: 0, has: ['B', 'initial_h'] },
    { title: 'GRU with linear_before_reset = 0 (the textbook cell), reverse, layout 1', opType: 'GRU', attrs: { hidden_size: H, direction: 'reverse', linear_before_reset: 0 }, D: 1, layout: 1, has: ['B', 'initial_h'] },
    { title: 'RNN reverse with ReLU, layout 1', opType: 'RNN', attrs: { hidden_size: H, direction: 'reverse', activations: ['Relu'] }, D: 1, layout: 1, has: ['B', 'initial_h'] },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      const G = { LSTM: 4, GRU: 3, RNN: 1 }[c.opType]!;
      const shapes: Record<string, number[]> = { X: [T, B, I], W: [c.D, G * H, I], R: [c.D, G * H, H], B: [c.D, 2 * G * H], initial_h: [c.D, B, H], initial_c: [c.D, B, H] };
      const order = ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c'].slice(0, c.opType === 'LSTM' ? 7 : 6);
      const given = order.filter((n) => ['X', 'W', 'R', ...c.has].includes(n));
      const rng = new Rng(16);
      const values = new Map(given.map((n) => [n, Tensor.of(Array.from({ length: shapes[n].reduce((a, b) => a * b) }, () => rng.range(-1, 1)), shapes[n], 'float32', n)]));
      const outputs = c.opType === 'LSTM' ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'];
      const model = singleNodeModel({ opType: c.opType, attrs: c.attrs, inputs: order.map((n) => ({ name: given.includes(n) ? n : '', shape: shapes[n] })), outputs }, 14);
      const session = await ort.InferenceSession.create(model);
      const theirs = await session.run(Object.fromEntries([...values].map(([n, v]) => [n, new ort.Tensor('float32', v.data as Float32Array, v.shape)])));
      // Batch-first: X, initial_h, initial_c swap their first two axes; Y (T, D, B, H) → (B, T, D, H).
      const batchFirst = (n: string, t: Tensor) => (c.layout && ['X', 'initial_h', 'initial_c', 'Y_h', 'Y_c'].includes(n) ? permuted(t, [1, 0, 2]) : c.layout && n === 'Y' ? permuted(t, [2, 0, 1, 3]) : t);
      const inputs = order.map((n) => (values.has(n) ? batchFirst(n, values.get(n)!) : null));
      const attrs = new Map<string, OnnxAttr>(Object.entries({ ...c.attrs, layout: c.layout }));
      const ours = onnxHandler(c.opType)!.apply({ name: `/m/${c.opType}`, opType: c.opType, inputs, inputNames: order, outputNames: outputs, attrs, tape: new Tape() });
      outputs.forEach((o, i) => {
        const expected = batchFirst(o, Tensor.of(theirs[o].data as Float32Array, theirs[o].dims, 'float32'));
        assert.deepEqual(ours[i]!.shape, expected.shape, `${o}: shape`);
        close(`${c.opType} ${o}`, ours[i]!.data, expected.data, 1e-4, 1e-6);
      });
    });
  }
});
