import assert from 'node:assert/strict';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { GRU } from '../../../engine/layers/gru';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { mulberry } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { LAYOUTS, type SeqSizes, assertClose, assertLayerError, checkGradCase, opsIn, recurrentGradcheck, rowOf, sequenceOf } from './layer_support';

const random = (shape: number[], seed: number) => {
  const r = mulberry(seed);
  return Tensor.of(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1), shape);
};

const forms = [
  { form: 'textbook', op: 'gru', gates: ['gate_r', 'gate_z', 'candidate'] },
  { form: 'torch', op: 'gru_torch', gates: ['gate_r', 'gate_z', 'gate_n'] },
] as const;

describe('GRU layer', () => {
  for (const { form, op, gates } of forms) {
    describe(`${form} form`, () => {
      describe(`matches the ${op} reference cases (README §5.8)`, () => {
        for (const c of referenceCases(op)) {
          it(c.name, () =>
            checkGradCase(c, (tape, { x, h0, ...params }) => {
              const layer = new GRU('gru', { inputSize: x.shape[1], hiddenSize: h0.shape[0] }, { form }, new Rng(1), 'float64');
              bindParams(layer, params);
              const run = layer.forward(tape, x, { h: h0 });
              return { h: run.h, ...Object.fromEntries(gates.map((k) => [k, run.timeline(k)])) };
            }),
          );
        }
      });

      for (const layout of LAYOUTS) {
        it(`gradients match finite differences on random sizes (${layout})`, () => {
          const make = ({ I, H }: SeqSizes) => new GRU('gru', { inputSize: I, hiddenSize: H }, { form, batchFirst: layout === 'batch-first' }, new Rng(3), 'float64');
          recurrentGradcheck(make, ['h'], layout);
        });
      }

      it('records its gates and the state at every step', () => {
        const run = new GRU('gru', { inputSize: 2, hiddenSize: 3 }, { form }, new Rng(2), 'float64').forward(new Tape(), random([5, 4, 2], 3));
        assert.deepEqual(run.keys, [...gates, 'h']);
        assert.deepEqual(run.timeline('gate_z', 2).shape, [5, 3]);
        assert.deepEqual(run.h.shape, [5, 4, 3]);
      });

      for (const batchFirst of [false, true]) {
        it(`a ${batchFirst ? 'batch-first' : 'time-major'} batch gives each sequence what it gets alone`, () => {
          const layer = new GRU('gru', { inputSize: 2, hiddenSize: 3 }, { form, batchFirst }, new Rng(5), 'float64');
          const x = random([4, 2, 2], 6);
          const h0 = random([batchFirst ? 4 : 2, 3], 7);
          const batch = layer.forward(new Tape(), x, { h: h0 });
          for (let b = 0; b < h0.shape[0]; b++) {
            assertClose(layer.forward(new Tape(), sequenceOf(x, b, batchFirst), { h: rowOf(h0, b) }).h, sequenceOf(batch.h, b, batchFirst));
          }
        });
      }
    });
  }

  it('names each textbook step: gates r and z over [h, x], the candidate over [r ⊙ h, x]', () => {
    const tape = new Tape();
    new GRU('gru', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(1), 'float64').forward(tape, random([3, 2], 1));
    assert.deepEqual(opsIn(tape, 'gru/t1'), [
      'x', 'hx',
      'lin_r', 'pre_r', 'gate_r',
      'lin_z', 'pre_z', 'gate_z',
      'r_h', 'rh_x', 'lin_h', 'pre_h', 'candidate',
      'cand_minus_h', 'z_dh', 'h',
    ]);
  });

  it('names each torch step: input and hidden blocks, sliced per gate, b_hn inside the r-product', () => {
    const tape = new Tape();
    new GRU('gru', { inputSize: 2, hiddenSize: 3 }, { form: 'torch' }, new Rng(1), 'float64').forward(tape, random([3, 2], 1));
    assert.deepEqual(opsIn(tape, 'gru/t1'), [
      'x', 'Wx', 'gi', 'Wh', 'gh',
      'gi_r', 'gi_z', 'gi_n', 'gh_r', 'gh_z', 'gh_n',
      'pre_r', 'gate_r', 'pre_z', 'gate_z',
      'r_ghn', 'pre_n', 'gate_n',
      'h_minus_n', 'z_dh', 'h',
    ]);
  });

  it('the two forms are different functions: z weights the candidate in one, the old state in the other', () => {
    // With every weight and bias 0: r = z = ½ and the candidate is 0, so
    // textbook h = ½ h_prev + ½·0 and torch h = ½·0 + ½ h_prev agree; a z bias tells them apart.
    const h0 = Tensor.of([0.8], [1]);
    const x = Tensor.of([0], [1, 1]);
    const textbook = new GRU('gru', { inputSize: 1, hiddenSize: 1 }, {}, new Rng(1), 'float64');
    bindParams(textbook, { W_r: Tensor.zeros([1, 2]), W_z: Tensor.zeros([1, 2]), W_h: Tensor.zeros([1, 2]), b_z: Tensor.of([10], [1]) });
    const torch = new GRU('gru', { inputSize: 1, hiddenSize: 1 }, { form: 'torch' }, new Rng(1), 'float64');
    bindParams(torch, { W_ih: Tensor.zeros([3, 1]), W_hh: Tensor.zeros([3, 1]), b_ih: Tensor.of([0, 10, 0], [3]) });
    const z = 1 / (1 + Math.exp(-10));
    assert.ok(Math.abs(textbook.forward(new Tape(), x, { h: h0 }).h.data[0] - (1 - z) * 0.8) < 1e-15, 'textbook: h = (1 − z) h_prev + z h̃');
    assert.ok(Math.abs(torch.forward(new Tape(), x, { h: h0 }).h.data[0] - z * 0.8) < 1e-15, 'torch: h = (1 − z) n + z h_prev');
  });

  it('has the parameters of its form', () => {
    const textbook = new GRU('gru', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(1), 'float64');
    const torch = new GRU('gru', { inputSize: 2, hiddenSize: 3 }, { form: 'torch' }, new Rng(1), 'float64');
    assert.deepEqual([...textbook.params].map(([k, t]) => `${k}${JSON.stringify(t.shape)}`), ['W_r[3,5]', 'W_z[3,5]', 'W_h[3,5]', 'b_r[3]', 'b_z[3]', 'b_h[3]']);
    assert.deepEqual([...torch.params].map(([k, t]) => `${k}${JSON.stringify(t.shape)}`), ['W_ih[9,2]', 'W_hh[9,3]', 'b_ih[9]', 'b_hh[9]']);
    assert.equal(torch.params.get('W_hh')?.name, 'gru.W_hh');
  });

  it('says which layer got a bad input, form or parameter', () => {
    const layer = new GRU('decoder', { inputSize: 2, hiddenSize: 3 }, {}, new Rng(1), 'float64');
    assertLayerError(() => layer.forward(new Tape(), Tensor.zeros([4, 3, 5])), 'E_SHAPE', 'decoder', /\[4,3,5\]/, /\(T, B, 2\)/);
    assertLayerError(() => new GRU('decoder', { inputSize: 2, hiddenSize: 3 }, { form: 'keras' as 'torch' }, new Rng(1)), 'E_ATTR', 'decoder', /keras/);
    assertLayerError(() => bindParams(layer, { W_r: Tensor.zeros([3, 4]) }), 'E_SHAPE', 'decoder', /W_r/, /\[3,5\]/, /\[3,4\]/);
    assertLayerError(() => bindParams(layer, { W_ih: Tensor.zeros([9, 2]) }), 'E_ARGUMENT', 'decoder', /W_ih/);
  });
});
