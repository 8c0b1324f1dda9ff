import assert from 'node:assert/strict';
import { Tape } from '../../../../engine/autograd/tape';
import { importOnnx, runOnnx } from '../../../../engine/onnx/import';
import { Tensor } from '../../../../engine/tensor/tensor';
import { singleNodeModel, type SingleNode } from '../support/singleNode';

/**
 * Each handler's shape rule (what the importer infers at load, without running the graph) gives the
 * shapes its forward pass then computes: one node per case, every input a graph input of ones.
 */
const node = (opType: string, inputs: SingleNode['inputs'], attrs: SingleNode['attrs'] = {}, outputs = ['y']): SingleNode => ({ opType, attrs, inputs, outputs });
const x = (shape: number[], name = 'x') => ({ name, shape });

const CASES: readonly [string, SingleNode, number[][]][] = [
  ['MatMul broadcasts batch axes', node('MatMul', [x([2, 1, 3, 4], 'a'), x([5, 4, 6], 'b')]), [[2, 5, 3, 6]]],
  ['MatMul of a batch by one matrix', node('MatMul', [x([2, 3, 4], 'a'), x([4, 6], 'b')]), [[2, 3, 6]]],
  ['Gemm with transB and a bias row', node('Gemm', [x([3, 4], 'a'), x([5, 4], 'b'), x([5], 'c')], { transB: 1 }), [[3, 5]]],
  ['Add broadcasts', node('Add', [x([2, 1, 4], 'a'), x([3, 1], 'b')]), [[2, 3, 4]]],
  ['Sum broadcasts its three inputs', node('Sum', [x([2, 1, 4], 'a'), x([3, 1], 'b'), x([4], 'c')]), [[2, 3, 4]]],
  ['GreaterOrEqual broadcasts', node('GreaterOrEqual', [x([2, 1], 'a'), x([3], 'b')]), [[2, 3]]],
  ['LeakyRelu keeps the shape', node('LeakyRelu', [x([2, 3])]), [[2, 3]]],
  ['Where broadcasts its three inputs', node('Where', [x([1, 4], 'c'), x([3, 1], 'a'), x([1], 'b')]), [[3, 4]]],
  ['Flatten at axis 2', node('Flatten', [x([2, 3, 4, 5])], { axis: 2 }), [[6, 20]]],
  ['Transpose by perm', node('Transpose', [x([2, 3, 4])], { perm: [2, 0, 1] }), [[4, 2, 3]]],
  ['Transpose reverses by default', node('Transpose', [x([2, 3, 4])]), [[4, 3, 2]]],
  ['Softmax keeps the shape', node('Softmax', [x([2, 3])], { axis: 0 }), [[2, 3]]],
  ['Concat sums the axis', node('Concat', [x([2, 3], 'a'), x([2, 5], 'b')], { axis: 1 }), [[2, 8]]],
  ['Split in equal parts', node('Split', [x([6, 2])], { axis: 0 }, ['p', 'q', 'r']), [[2, 2], [2, 2], [2, 2]]],
  ['Squeeze every axis of size 1', node('Squeeze', [x([1, 3, 1, 2])]), [[3, 2]]],
  ['ReduceMean over attribute axes, kept', node('ReduceMean', [x([2, 3, 4])], { axes: [-1, 0] }), [[1, 3, 1]]],
  ['ReduceSum over everything, dropped', node('ReduceSum', [x([2, 3])], { keepdims: 0 }), [[]]],
  ['LayerNormalization keeps the shape', node('LayerNormalization', [x([2, 3, 4]), x([4], 'g'), x([4], 'b')]), [[2, 3, 4]]],
  ['Trilu keeps the shape', node('Trilu', [x([3, 4])]), [[3, 4]]],
];

describe('ONNX shape rules agree with the forward pass', () => {
  for (const [what, n, expected] of CASES) {
    it(what, () => {
      const model = importOnnx(singleNodeModel(n, 14), `${n.opType}.onnx`);
      const values = runOnnx(model, new Tape(), new Map(model.inputs.map((io) => [io.name, Tensor.full(io.shape, 1)])));
      assert.deepEqual(n.outputs.map((o) => model.shapes.get(o)), expected);
      assert.deepEqual(n.outputs.map((o) => values.get(o)?.shape), expected);
    });
  }

  it('refuses at load, naming the node, inputs that do not fit and shapes computed from the data', () => {
    assert.throws(() => importOnnx(singleNodeModel(node('Add', [x([2, 3], 'a'), x([4], 'b')]), 14), 'add.onnx'), /node "Add" \(Add\): .*\[2,3\] and \[4\] cannot be broadcast/);
    assert.throws(() => importOnnx(singleNodeModel(node('Concat', [x([2, 3], 'a'), x([3, 3], 'b')], { axis: 1 }), 14), 'c.onnx'), /node "Concat" \(Concat\): shapes \[2,3\], \[3,3\] cannot be joined along axis 1/);
    assert.throws(() => importOnnx(singleNodeModel(node('Reshape', [x([2, 3]), x([2], 's')]), 14), 'r.onnx'), /node "Reshape" \(Reshape\): input 2 must be a constant/);
  });
});
