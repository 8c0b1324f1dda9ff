import assert from 'node:assert/strict';
import { Tensor } from '../../../../engine/tensor/tensor';
import { assertClose, backstepForward, exported, onnxForward, randomTensor, sampleText } from './support';

describe('engine/onnx/export: dense layers', () => {
  it('mlp-xor after 50 steps: onnxruntime computes what Backstep computes', async () => {
    const { bytes, trainer } = exported(sampleText('mlp-xor'), 50);
    const x = Tensor.of([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
    const ours = backstepForward(trainer, { x });
    const theirs = await onnxForward(bytes, { x });
    assert.equal(theirs.name, 'sigmoid1', 'the output is named after the layer the loss reads');
    assert.deepEqual(theirs.dims, [4, 1]);
    assertClose(theirs.data, ours.data);
  });

  it('an mlp layer, every activation, layer norm, add and concat, on a batch the file never saw', async () => {
    const text = `name: dense
seed: 4
data:
  tensors:
    x: [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]
    y: [[1], [0]]
model:
  - mlp: { name: body, hidden: [5, 4], activation: relu, output_activation: tanh, out: 6 }
  - leaky_relu: { name: leaky, alpha: 0.2 }
  - elu: { name: e }
  - silu: { name: s }
  - layer_norm: { name: norm }
  - linear: { name: side, out: 6, input: x }
  - sigmoid: { name: gate }
  - add: { name: both, inputs: [norm, gate] }
  - concat: { name: wide, inputs: [both, s], axis: -1 }
  - softmax: { name: probs }
  - linear: { name: head, out: 1 }
loss: mse
training: { optimizer: adam, lr: 0.01, steps: 3 }
`;
    const { bytes, trainer } = exported(text, 3);
    const x = randomTensor([7, 3], 11);
    assertClose((await onnxForward(bytes, { x })).data, backstepForward(trainer, { x }).data);
  });
});
