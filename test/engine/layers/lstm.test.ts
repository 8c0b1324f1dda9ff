import assert from 'node:assert/strict';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { LSTM } from '../../../engine/layers/lstm';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { mulberry } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { LAYOUTS, type SeqSizes, assertClose, assertLayerError, checkGradCase, opsIn, recurrentGradcheck, rowOf, sequenceOf } from './layer_support';

const random = (shape: number[], seed: number) => {
  const r = mulberry(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Tensor.of(Array.from({ length: n }, () => r() * 2 - 1), shape);
};

describe('LSTM layer', () => {
  describe('matches the lstm reference cases (README §5.7: weights over [h, x], gates f, i, c, o)', () => {
    for (const c of referenceCases('lstm')) {
      it(c.name, () =>
        checkGradCase(c, (tape, { x, h0, c0, ...params }) => {
          const layer = new LSTM('lstm', { inputSize: x.shape[1], hiddenSize: h0.shape[0] }, {}, new Rng(1), 'float64');
          bindParams(layer, params);
          const run = layer.forward(tape, x, { h: h0, c: c0 });
          const gates = ['gate_f', 'gate_i', 'gate_c', 'gate_o'].map((k) => [k, run.timeline(k)]);
          return { h: run.h, c: run.outputs.c, ...Object.fromEntries(gates) };
        }),
      );
    }
  });

  for (const layout of LAYOUTS) {
    it(`gradients match finite differences on random sizes (${layout})`, () => {
      const make = ({ I, H }: SeqSizes) => new LSTM('memory', { inputSize: I, hiddenSize: H }, { batchFirst: layout === 'batch-first' }, new Rng(3), 'float64');
      recurrentGradcheck(make, ['h', 'c'], layout);
    });
  }

  it('names every op of a time step so the debugger can step into memory › t3 › gate_f', () => {
    const tape = new Tape();
    new LSTM('memory', { inputSize: 3, hiddenSize: 2 }, {}, new Rng(1), 'float64').forward(tape, random([5, 3], 1));
    const t3 = opsIn(tape, 'memory/t3');
    assert.deepEqual(t3, [
      'x', 'hx',
      'lin_f', 'pre_f', 'gate_f',
      'lin_i', 'pre_i', 'gate_i',
      'lin_c', 'pre_c', 'gate_c',
      'f_c', 'i_g', 'c',
      'lin_o', 'pre_o', 'gate_o',
      'tanh_c', 'h',
    ]);
    const gateF = tape.nodes.find((n) => n.name === 'memory/t3/gate_f');
    assert.equal(gateF?.op, 'sigmoid');
    assert.equal(tape.nodes.find((n) => n.name === 'memory/t3/gate_c')?.op, 'tanh');
    assert.deepEqual(opsIn(tape, 'memory'), ['h', 'c'], 'after the loop: h and c over all steps');
  });

  it('keeps each step’s gates and states for heatmaps (time × unit)', () => {
    const layer = new LSTM('memory', { inputSize: 3, hiddenSize: 4 }, {}, new Rng(2), 'float64');
    const run = layer.forward(new Tape(), random([6, 2, 3], 2));
    assert.equal(layer.lastRun, run);
    assert.deepEqual(run.keys, ['gate_f', 'gate_i', 'gate_c', 'c', 'gate_o', 'h']);
    const f = run.timeline('gate_f');
    assert.deepEqual(f.shape, [6, 2, 4]);
    assert.deepEqual(run.timeline('gate_f', 1).shape, [6, 4]);
    assertClose(Tensor.of(run.timeline('gate_o', 1).data.subarray(3 * 4, 4 * 4), [4]), rowOf(run.steps[3].gate_o, 1), 0);
    assert.ok(f.data.every((v) => v > 0 && v < 1), 'a sigmoid gate lies in (0, 1)');
    assertClose(run.timeline('h'), run.h, 0);
  });

  for (const batchFirst of [false, true]) {
    it(`a ${batchFirst ? 'batch-first (B, T, I)' : 'time-major (T, B, I)'} batch gives each sequence what it gets alone`, () => {
      const layer = new LSTM('memory', { inputSize: 3, hiddenSize: 4 }, { batchFirst }, new Rng(4), 'float64');
      const x = random(batchFirst ? [3, 5, 3] : [5, 3, 3], 5);
      const h0 = random([3, 4], 6);
      const c0 = random([3, 4], 7);
      const batch = layer.forward(new Tape(), x, { h: h0, c: c0 });
      assert.deepEqual(batch.h.shape, batchFirst ? [3, 5, 4] : [5, 3, 4]);
      assert.deepEqual(batch.timeline('gate_i').shape, batch.h.shape);
      for (let b = 0; b < 3; b++) {
        const alone = layer.forward(new Tape(), sequenceOf(x, b, batchFirst), { h: rowOf(h0, b), c: rowOf(c0, b) });
        assertClose(alone.h, sequenceOf(batch.h, b, batchFirst));
        assertClose(alone.outputs.c, sequenceOf(batch.outputs.c, b, batchFirst));
        assertClose(alone.timeline('gate_i'), batch.timeline('gate_i', b));
        assertClose(alone.timeline('gate_i'), sequenceOf(batch.timeline('gate_i'), b, batchFirst));
        assertClose(alone.final.h, rowOf(batch.final.h, b).reshaped([1, 4]));
      }
    });
  }

  it('starts the forget gate open (b_f = 1 by default) and draws weights from the seed', () => {
    const a = new LSTM('memory', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(9), 'float64');
    const b = new LSTM('memory', { inputSize: 2, hiddenSize: 3 }, { forgetBias: 0 }, new Rng(9), 'float64');
    assert.deepEqual([...a.params.keys()], ['W_f', 'W_i', 'W_c', 'W_o', 'b_f', 'b_i', 'b_c', 'b_o']);
    assert.equal(a.params.get('W_f')?.name, 'memory.W_f');
    assert.deepEqual(a.params.get('W_c')?.shape, [3, 5]);
    assert.deepEqual(Array.from(a.params.get('b_f')!.data), [1, 1, 1]);
    assert.deepEqual(Array.from(b.params.get('b_f')!.data), [0, 0, 0]);
    assert.deepEqual(a.params.get('W_o')?.data, b.params.get('W_o')?.data);
  });

  it('says which layer got an input of the wrong size, and its shape', () => {
    const layer = new LSTM('memory', { inputSize: 3, hiddenSize: 2 }, {}, new Rng(1), 'float64');
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 5])), 'E_SHAPE', 'memory', /\[4,5\]/, /\(T, 3\)/);
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 2, 3]), { h: Tensor.zeros([2]) }), 'E_SHAPE', 'memory', /"h"/, /\(2, 2\)/);
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 3]), { h2: Tensor.zeros([2]) }), 'E_ARGUMENT', 'memory', /h2/);
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 3], 'float32')), 'E_DTYPE', 'memory', /float32/);
  });

  it('runs one step on its own for a decoder, in the scope of that step', () => {
    const layer = new LSTM('dec', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(1), 'float64');
    const x = random([4, 2], 3);
    const full = layer.forward(new Tape(), x);
    const tape = new Tape();
    let state = { h: Tensor.zeros([1, 3]), c: Tensor.zeros([1, 3]) };
    for (let t = 0; t < 4; t++) {
      const xt = Tensor.of(x.data.subarray(t * 2, t * 2 + 2), [1, 2]);
      const rec = layer.step(tape, xt, state, t);
      state = { h: rec.h, c: rec.c };
    }
    assertClose(state.h, full.final.h);
    assert.ok(tape.nodes.some((n) => n.name === 'dec/t2/gate_o'));
  });
});
