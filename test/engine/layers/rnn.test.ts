import assert from 'node:assert/strict';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { bindParams } from '../../../engine/layers/params';
import { RNN } from '../../../engine/layers/rnn';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { mulberry } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { LAYOUTS, type SeqSizes, assertClose, assertLayerError, checkGradCase, opsIn, recurrentGradcheck, rowOf, sequenceOf } from './layer_support';

const random = (shape: number[], seed: number) => {
  const r = mulberry(seed);
  return Tensor.of(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1), shape);
};

describe('RNN layer', () => {
  describe('matches the rnn_tanh reference cases (README §5.6)', () => {
    for (const c of referenceCases('rnn_tanh')) {
      it(c.name, () =>
        checkGradCase(c, (tape, { x, h0, ...params }) => {
          const layer = new RNN('rnn', { inputSize: x.shape[1], hiddenSize: h0.shape[0] }, {}, new Rng(1), 'float64');
          bindParams(layer, params);
          return { h: layer.forward(tape, x, { h: h0 }).h };
        }),
      );
    }
  });

  for (const layout of LAYOUTS) {
    it(`gradients match finite differences on random sizes (${layout})`, () => {
      const make = ({ I, H }: SeqSizes) => new RNN('rnn', { inputSize: I, hiddenSize: H }, { batchFirst: layout === 'batch-first' }, new Rng(3), 'float64');
      recurrentGradcheck(make, ['h'], layout);
    });
  }

  it('names the ops of each time step (rnn › t2 › h) and keeps pre-activations and states', () => {
    const tape = new Tape();
    const run = new RNN('rnn', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(1), 'float64').forward(tape, random([4, 2], 1));
    assert.deepEqual(opsIn(tape, 'rnn/t2'), ['x', 'Wx', 'Wh', 'Wx_Wh', 'pre', 'h']);
    assert.equal(tape.nodes.find((n) => n.name === 'rnn/t2/h')?.op, 'tanh');
    assert.deepEqual(run.keys, ['pre', 'h']);
    assert.deepEqual(run.h.shape, [4, 3]);
    assert.deepEqual(run.final.h.shape, [1, 3]);
  });

  it('h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h), written out for one step', () => {
    const layer = new RNN('rnn', { inputSize: 1, hiddenSize: 1 }, {}, new Rng(1), 'float64');
    bindParams(layer, { W_xh: Tensor.of([2], [1, 1]), W_hh: Tensor.of([0.5], [1, 1]), b_h: Tensor.of([0.1], [1]) });
    const run = layer.forward(new Tape(), Tensor.of([0.3, -0.2], [2, 1]), { h: Tensor.of([0.4], [1]) });
    const h0 = Math.tanh(2 * 0.3 + 0.5 * 0.4 + 0.1);
    assert.ok(Math.abs(run.h.data[0] - h0) < 1e-15);
    assert.ok(Math.abs(run.h.data[1] - Math.tanh(2 * -0.2 + 0.5 * h0 + 0.1)) < 1e-15);
  });

  it('uses ReLU when asked and rejects any other nonlinearity', () => {
    const tape = new Tape();
    new RNN('rnn', { inputSize: 2, hiddenSize: 2 }, { nonlinearity: 'relu' }, new Rng(1), 'float64').forward(tape, random([2, 2], 4));
    assert.equal(tape.nodes.find((n) => n.name === 'rnn/t1/h')?.op, 'relu');
    assertLayerError(() => new RNN('rnn', { inputSize: 2, hiddenSize: 2 }, { nonlinearity: 'gelu' as 'relu' }, new Rng(1)), 'E_ATTR', 'rnn', /gelu/);
  });

  for (const batchFirst of [false, true]) {
    it(`a ${batchFirst ? 'batch-first' : 'time-major'} batch gives each sequence what it gets alone`, () => {
      const layer = new RNN('rnn', { inputSize: 3, hiddenSize: 2 }, { batchFirst }, new Rng(5), 'float64');
      const x = random([4, 3, 3], 8);
      const h0 = random([batchFirst ? 4 : 3, 2], 9);
      const batch = layer.forward(new Tape(), x, { h: h0 });
      for (let b = 0; b < h0.shape[0]; b++) {
        assertClose(layer.forward(new Tape(), sequenceOf(x, b, batchFirst), { h: rowOf(h0, b) }).h, sequenceOf(batch.h, b, batchFirst));
      }
    });
  }

  it('says which layer got a bad input or size', () => {
    const layer = new RNN('encoder', { inputSize: 3, hiddenSize: 2 }, {}, new Rng(1), 'float64');
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 2])), 'E_SHAPE', 'encoder', /\[4,2\]/, /3/);
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([3])), 'E_SHAPE', 'encoder', /\[3\]/);
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 3]), { h: Tensor.zeros([3]) }), 'E_SHAPE', 'encoder', /\[3\]/);
    assertLayerError(() => new RNN('encoder', { inputSize: 0, hiddenSize: 2 }, {}, new Rng(1)), 'E_ATTR', 'encoder', /inputSize/);
  });
});
