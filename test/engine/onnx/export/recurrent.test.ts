import { assertClose, backstepForward, exported, onnxForward, randomTensor, sampleText } from './support';

const recurrentModel = (layer: string, extra = '') => `name: rec
seed: 5
data:
  tensors:
    x: [[[0.1, 0.2], [0.3, -0.1], [0.5, 0.4]], [[-0.2, 0.1], [0.0, 0.3], [0.7, -0.6]]]
    y: [[1], [0]]
model:
  - ${layer}
${extra}  - linear: { name: readout, out: 1 }
loss: mse
training: { optimizer: adam, lr: 0.05, steps: 4 }
`;

// The graph's inputs keep the file's sizes but the batch axis (5 sequences here, 2 in the file).
describe('engine/onnx/export: recurrent layers as ONNX LSTM, GRU and RNN', () => {
  const cases: [string, string, string][] = [
    ['an LSTM (gates i, o, f, c from f, i, c, o; [h, x] columns split into W and R)', 'lstm: { name: memory, hidden: 4, return: last, forget_bias: 1 }', ''],
    ['an LSTM returning every step, then another one started from its state', 'lstm: { name: enc, hidden: 3 }', '  - lstm: { name: dec, hidden: 3, input: enc, state: enc, return: last }\n'],
    ['a textbook GRU (z negated: ONNX keeps h where its z is 1)', 'gru: { name: memory, hidden: 4, return: last, update_bias: -1 }', ''],
    ['a torch GRU (linear_before_reset, rows r, z, n → z, r, n)', 'gru: { name: memory, hidden: 4, return: last, form: torch }', ''],
    ['an RNN with ReLU', 'rnn: { name: memory, hidden: 4, nonlinearity: relu, return: last }', ''],
  ];
  for (const [what, layer, extra] of cases) {
    it(`${what}: onnxruntime computes what Backstep computes`, async () => {
      const { bytes, trainer } = exported(recurrentModel(layer, extra), 4);
      const x = randomTensor([5, 3, 2], 21);
      assertClose((await onnxForward(bytes, { x })).data, backstepForward(trainer, { x }).data);
    });
  }

  it('gru-memory and lstm-memory after 20 steps', async () => {
    for (const name of ['gru-memory', 'lstm-memory']) {
      const { bytes, trainer } = exported(sampleText(name), 20);
      const x = randomTensor([5, ...trainer.model.data.fields.x.shape.slice(1)], 3);
      x.data.forEach((v, i) => (x.data[i] = v > 0 ? 1 : 0));
      assertClose((await onnxForward(bytes, { x })).data, backstepForward(trainer, { x }).data);
    }
  });
});
