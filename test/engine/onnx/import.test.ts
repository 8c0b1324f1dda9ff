import assert from 'node:assert/strict';
import { Tape } from '../../../engine/autograd/tape';
import { importOnnx, runOnnx } from '../../../engine/onnx/import';
import { readdirSync } from 'node:fs';
import { Tensor } from '../../../engine/tensor/tensor';
import { encodeModel, FIXTURE_NAMES, FIXTURES, fixture, forwardBackward, load, maxDiff } from './support';

/** Forward and backward of the exported fixtures against PyTorch's float32 values (tools/onnx/fixtures.py). */

// float64 here against float32 there: the outputs agree to float32 rounding, carried through a few dozen ops.
const OUTPUT_TOL = 2e-6;
const GRAD_TOL = 2e-5;

describe('importing ONNX models exported from PyTorch', () => {
  for (const name of FIXTURE_NAMES) {
    describe(name, () => {
      it("computes torch's outputs", () => {
        const { model, ref } = load(name);
        const { output } = forwardBackward(model, ref);
        assert.deepEqual(output.shape, ref.output.shape);
        const d = maxDiff(output.data, ref.output.values);
        assert.ok(d < OUTPUT_TOL, `max |Δ| ${d}`);
      });

      it("gives every parameter torch's gradient, under the parameter's own name", () => {
        const { model, ref } = load(name);
        forwardBackward(model, ref);
        assert.deepEqual(model.params.map((p) => p.name).sort(), Object.keys(ref.grads).sort());
        for (const p of model.params) {
          assert.ok(p.requiresGrad && p.grad, `${p.name} has a gradient`);
          const scale = Math.max(1, ...ref.grads[p.name].map(Math.abs));
          const d = maxDiff(p.grad.data, ref.grads[p.name]);
          assert.ok(d < GRAD_TOL * scale, `${p.name}: max |Δ| ${d}`);
        }
      });
    });
  }

  it('scopes each node by its module path and names the op after the node', () => {
    const { model, ref } = load('encoder');
    const { tape } = forwardBackward(model, ref);
    const names = tape.nodes.map((n) => n.name);
    assert.ok(names.includes('encoder/layers.0/self_attn/MatMul'), names.slice(0, 5).join(', '));
    const softmax = tape.nodes.find((n) => n.name === 'encoder/layers.1/self_attn/Softmax')!;
    assert.deepEqual(softmax.scope, ['encoder', 'layers.1', 'self_attn']);
    assert.equal(softmax.op, 'softmax');
    // torch 1.13's MultiheadAttention computes the weights of all heads as one batch (B·heads, Tq, Tk).
    assert.deepEqual(softmax.outputs[0].shape, [4, 5, 5]);
  });

  it('puts a node of several engine ops in a scope of its own (Gemm = matmul + add)', () => {
    const { model, ref } = load('mlp');
    const { tape } = forwardBackward(model, ref);
    const gemm = tape.nodes.filter((n) => n.scope.join('/') === 'fc1/Gemm').map((n) => n.op);
    assert.deepEqual(gemm, ['matmul', 'add']);
  });

  it('folds the shape arithmetic and the causal mask at load: no Shape, Constant or Trilu reaches the tape', () => {
    const { model, ref } = load('encoder');
    const folded = model.graph.nodes.filter((n) => !model.plan.includes(n)).map((n) => n.opType);
    for (const op of ['Shape', 'Constant', 'Trilu', 'Unsqueeze', 'Concat']) assert.ok(folded.includes(op), `${op} folded`);
    assert.ok(model.plan.every((n) => !['Shape', 'Constant', 'Trilu', 'ConstantOfShape'].includes(n.opType)));
    const { tape } = forwardBackward(model, ref);
    assert.equal(tape.nodes.filter((n) => n.name.endsWith('/Shape')).length, 0);
  });

  it('infers at load, without running the graph, the shape every node then computes', () => {
    const all = readdirSync(FIXTURES).filter((f) => f.endsWith('.onnx')).map((f) => f.replace(/\.onnx$/, ''));
    assert.ok(all.length >= 8 && FIXTURE_NAMES.every((n) => all.includes(n)), all.join(', '));
    for (const name of all) {
      const model = importOnnx(fixture(name).bytes, `${name}.onnx`);
      const values = runOnnx(model, new Tape(), new Map(model.inputs.map((io) => [io.name, Tensor.full(io.shape, 1)])));
      const outputs = model.plan.flatMap((n) => n.outputs).filter((o) => o !== '');
      assert.ok(outputs.length >= 3, `${name}: ${outputs.length} planned outputs`);
      for (const o of outputs) assert.deepEqual(model.shapes.get(o), values.get(o)?.shape, `${name}: ${o}`);
    }
  });

  it('feeds a graph input from a tensor of its shape, and refuses another shape naming both', () => {
    const { bytes } = fixture('mlp');
    const model = importOnnx(bytes, 'mlp.onnx');
    assert.deepEqual(model.inputs, [{ name: 'x', shape: [5, 4], dtype: 'float' }]);
    assert.throws(() => importOnnx(bytes, 'mlp.onnx', { inputShapes: new Map([['x', [6, 4]]]) }), /graph input "x": the model declares \[5,4\] but the data gives \[6,4\]/);
  });
});

describe('which initializers are parameters', () => {
  it('weights with a shape, even of one number; not scalars, nor the exporter\'s folded constants unless used as weights', () => {
    const f = (name: string, dims: number[], values: number[]) => ({ name, dataType: 1, dims, floatData: values });
    const bytes = encodeModel(
      [
        { op: 'MatMul', name: '/head/MatMul', inputs: ['x', 'onnx::MatMul_7'], outputs: ['a'] },
        { op: 'Add', name: '/head/Add', inputs: ['a', 'head.bias'], outputs: ['b'] },
        { op: 'Mul', name: '/Mul', inputs: ['b', 'onnx::Mul_8'], outputs: ['c'] },
        { op: 'Add', name: '/Add', inputs: ['c', 'onnx::Add_9'], outputs: ['y'] },
      ],
      { initializers: [f('onnx::MatMul_7', [3, 1], [1, 2, 3]), f('head.bias', [1], [0.5]), f('onnx::Mul_8', [], [2]), f('onnx::Add_9', [1], [1])] },
    );
    const model = importOnnx(bytes, 'm.onnx');
    assert.deepEqual(model.params.map((p) => p.name), ['onnx::MatMul_7', 'head.bias']);
  });
});
