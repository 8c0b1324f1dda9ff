import { strict as assert } from 'node:assert';
import { backward } from '../../../../engine/autograd/backward';
import { Tape } from '../../../../engine/autograd/tape';
import { importOnnx, runOnnx } from '../../../../engine/onnx/import';
import { Tensor } from '../../../../engine/tensor/tensor';
import { close } from '../support/close';
import { singleNodeModel, type SingleNode } from '../support/singleNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

/** Negative, zero and positive inputs: both branches of each activation. */
const X = Tensor.of([-3, -1.5, -0.25, 0, 0.25, 1, 2.5, -0.01], [2, 4], 'float32', 'x');

/** ∂y/∂x of each activation for x ≤ 0 (1 above 0). */
const slopes: Record<string, (x: number, alpha: number) => number> = { LeakyRelu: (_x, a) => a, Elu: (x, a) => a * Math.exp(x) };

describe('ONNX LeakyRelu and Elu: what onnxruntime computes, with the gradient of their α', () => {
  const cases: { opType: string; attrs: SingleNode['attrs']; alpha: number; op: string }[] = [
    { opType: 'LeakyRelu', attrs: {}, alpha: 0.01, op: 'leaky_relu' },
    // An attribute is a float32: α = 0.2 arrives as 0.2000000030.
    { opType: 'LeakyRelu', attrs: { alpha: { float: 0.2 } }, alpha: Math.fround(0.2), op: 'leaky_relu' },
    { opType: 'Elu', attrs: {}, alpha: 1, op: 'elu' },
    { opType: 'Elu', attrs: { alpha: { float: 0.5 } }, alpha: 0.5, op: 'elu' },
  ];
  for (const c of cases) {
    it(`${c.opType}${'alpha' in c.attrs ? ` α = ${c.alpha.toPrecision(2)}` : ` (default α = ${c.alpha})`} → the engine's ${c.op}`, async () => {
      const bytes = singleNodeModel({ opType: c.opType, attrs: c.attrs, inputs: [{ name: 'x', shape: [2, 4] }], outputs: ['y'] }, 14);
      const theirs = (await (await ort.InferenceSession.create(bytes)).run({ x: new ort.Tensor('float32', Float32Array.from(X.data), [2, 4]) })).y;
      const model = importOnnx(bytes, `${c.opType}.onnx`);
      assert.deepEqual(model.shapes.get('y'), [2, 4], 'the shape rule');
      const tape = new Tape();
      const x = Tensor.of([...X.data], X.shape, 'float64', 'x');
      x.requiresGrad = true;
      const y = runOnnx(model, tape, new Map([['x', x]])).get('y')!;
      close(c.opType, y.data, theirs.data as Float32Array, 1e-6, 1e-6);
      assert.deepEqual(tape.nodes.map((r) => [r.op, r.attrs.alpha]), [[c.op, c.alpha]], 'one op, its α');
      backward(tape, tape.apply('sum', [y]));
      const expected = [...X.data].map((v) => (v > 0 ? 1 : slopes[c.opType](v, c.alpha)));
      close(`∂Σy/∂x of ${c.opType}`, x.grad!.data, expected, 1e-12, 1e-12);
    });
  }
});

describe('ONNX Sum and the ordered comparisons (what Backstep exports for an add layer and a step activation)', () => {
  const rng = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.round(Math.sin(seed * 7 + i * 3) * 4) / 2);
  const shapes: Record<string, number[]> = { a: [2, 1, 4], b: [3, 1], c: [4] };
  const values = Object.fromEntries(Object.entries(shapes).map(([n, shape], k) => [n, Tensor.of(rng(shape.reduce((p, q) => p * q, 1), k + 1), shape, 'float32', n)]));
  const feeds = (names: string[]) => Object.fromEntries(names.map((n) => [n, new ort.Tensor('float32', Float32Array.from(values[n].data), shapes[n])]));

  for (const opType of ['Sum', 'GreaterOrEqual', 'LessOrEqual']) {
    const names = opType === 'Sum' ? ['a', 'b', 'c'] : ['a', 'b'];
    it(`${opType} of ${names.map((n) => `[${shapes[n].join('×')}]`).join(', ')} broadcast`, async () => {
      const bytes = singleNodeModel({ opType, attrs: {}, inputs: names.map((name) => ({ name, shape: shapes[name] })), outputs: ['y'], outputTypes: [opType === 'Sum' ? 'float' : 'bool'] }, 14);
      const theirs = (await (await ort.InferenceSession.create(bytes)).run(feeds(names))).y;
      const model = importOnnx(bytes, `${opType}.onnx`);
      const tape = new Tape();
      const inputs = new Map(names.map((n) => [n, Tensor.of([...values[n].data], shapes[n], 'float64', n)]));
      for (const t of inputs.values()) t.requiresGrad = opType === 'Sum';
      const y = runOnnx(model, tape, inputs).get('y')!;
      assert.deepEqual([...y.shape], [...theirs.dims]);
      close(opType, y.data, Array.from(theirs.data as ArrayLike<number | boolean>, Number), 1e-6, 1e-6);
      if (opType !== 'Sum') return;
      assert.ok(y.data.some((v, i) => v !== y.data[0] && i > 0), 'not a constant output');
      backward(tape, tape.apply('sum', [y]));
      // Each element of an input is added into every output element it is broadcast to: 24 / its size.
      for (const [n, t] of inputs) assert.deepEqual([...t.grad!.data], Array(t.size).fill(24 / t.size), `∂Σy/∂${n}`);
    });
  }
});
