import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { attend, scaledDotScores } from '../../../engine/layers/attention';
import { multiHeadAttention, MultiHeadAttention, type MultiHeadWeights } from '../../../engine/layers/multi_head_attention';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, mulberry, tensorArb } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { assertBatchMatches, backstepError, batchEntry, checkGradCase, randomTensor, rowSums } from './attention_support';

const WEIGHT_KEYS = ['Wq', 'Wk', 'Wv', 'Wo', 'bq', 'bk', 'bv', 'bo'] as const;

/** A layer whose parameters are random (biases too), so every term of the formula is exercised. */
function randomLayer(d: number, heads: number, causal: boolean, seed: number, memory?: number): MultiHeadAttention {
  const layer = new MultiHeadAttention('mha', { model: d, heads, memory }, { causal }, new Rng(seed));
  const rand = mulberry(seed);
  for (const p of layer.parameters()) p.data.set(randomTensor([p.size], rand).data);
  return layer;
}

describe('MultiHeadAttention layer', () => {
  describe('matches the reference cases (README §5.11)', () => {
    for (const c of referenceCases('multi_head_attention')) {
      it(c.name, () => {
        const d = c.inputs?.X.shape[1] ?? 0;
        const layer = new MultiHeadAttention('mha', { model: d, heads: Number(c.attrs?.heads) }, { causal: c.attrs?.causal === true }, new Rng(1));
        checkGradCase(c, Object.fromEntries(layer.params), (tape, { X }) => {
          const r = layer.forward(tape, X);
          return { out: r.out, weights: r.weights };
        });
      });
    }
  });

  describe('gradients match finite differences on random sizes (out and every head’s weights)', () => {
    const sizes = fc.record({
      heads: fc.integer({ min: 1, max: 3 }),
      dh: fc.integer({ min: 1, max: 2 }),
      tq: fc.integer({ min: 1, max: 3 }),
      tk: fc.integer({ min: 1, max: 3 }),
      dm: fc.integer({ min: 1, max: 3 }),
      causal: fc.boolean(),
    });
    const run = (heads: number, causal: boolean) => (tape: Tape, [x, m, ...w]: Tensor[]) => {
      const weights = Object.fromEntries(WEIGHT_KEYS.map((k, i) => [k, w[i]])) as unknown as MultiHeadWeights;
      const r = multiHeadAttention(tape, x, m, weights, heads, causal);
      return [r.out, ...r.heads.map((h) => h.weights)];
    };

    it('self-attention', () => {
      fc.assert(
        fc.property(
          sizes.chain(({ heads, dh, tq, causal }) => {
            const d = heads * dh;
            const shapes = [[tq, d], [d, d], [d, d], [d, d], [d, d], [d], [d], [d], [d]];
            return fc.tuple(fc.constant({ heads, causal }), fc.tuple(...shapes.map((s) => tensorArb(s))));
          }),
          ([{ heads, causal }, [x, ...w]]) => gradcheck(run(heads, causal), [x, x, ...w], { constant: [1] }),
        ),
        { numRuns: 12 },
      );
    });

    it('cross-attention over a memory of another length and width', () => {
      fc.assert(
        fc.property(
          sizes.chain(({ heads, dh, tq, tk, dm }) => {
            const d = heads * dh;
            const shapes = [[tq, d], [tk, dm], [d, d], [d, dm], [d, dm], [d, d], [d], [d], [d], [d]];
            return fc.tuple(fc.constant(heads), fc.tuple(...shapes.map((s) => tensorArb(s))));
          }),
          ([heads, xs]) => gradcheck(run(heads, false), xs),
        ),
        { numRuns: 12 },
      );
    });
  });

  describe('heads', () => {
    it('head j attends with columns j·dh..(j+1)·dh−1 of Q and K, scaled by 1/√dh, and fills those columns of concat', () => {
      const [t, heads, dh] = [4, 3, 2];
      const layer = randomLayer(heads * dh, heads, false, 5);
      const tape = new Tape();
      const r = layer.forward(tape, randomTensor([t, heads * dh], mulberry(9)));
      const byName = (n: string): Tensor => tape.nodes.find((node) => node.name === n)?.outputs[0] as Tensor;
      const [Q, K, V, concat] = [byName('mha/Q'), byName('mha/K'), byName('mha/V'), byName('mha/concat')];
      for (let j = 0; j < heads; j++) {
        const ref = new Tape();
        const cols = { axis: 1, start: j * dh, end: (j + 1) * dh };
        const [q, k, v] = [Q, K, V].map((x) => ref.apply('slice', [x], cols));
        const expected = attend(ref, scaledDotScores(ref, q, k), v, false);
        for (let i = 0; i < t * t; i++) assert.ok(Math.abs(r.heads[j].weights.data[i] - expected.weights.data[i]) < 1e-12);
        for (let i = 0; i < t; i++) {
          for (let c = 0; c < dh; c++) assert.equal(concat.get(i, j * dh + c), r.heads[j].context.get(i, c));
        }
      }
    });

    it('weights sum to 1 over the keys for every head and query, with no weight on future keys when causal', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.nat(), (heads, dh, t, causal, seed) => {
          const r = randomLayer(heads * dh, heads, causal, seed).forward(new Tape(), randomTensor([t, heads * dh], mulberry(seed + 1)));
          for (const { weights } of r.heads) {
            for (const s of rowSums(weights)) assert.ok(Math.abs(s - 1) < 1e-12, `row sum ${s}`);
            if (causal) for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) assert.equal(weights.get(i, j), 0);
          }
        }),
        { numRuns: 25 },
      );
    });

    it('causal: changing the last position leaves every earlier output row unchanged', () => {
      const [t, d] = [5, 4];
      const layer = randomLayer(d, 2, true, 11);
      const x = randomTensor([t, d], mulberry(3));
      const x2 = x.clone();
      for (let c = 0; c < d; c++) x2.data[(t - 1) * d + c] += 5;
      const [a, b] = [layer.forward(new Tape(), x).out, layer.forward(new Tape(), x2).out];
      assert.deepEqual(b.data.subarray(0, (t - 1) * d), a.data.subarray(0, (t - 1) * d));
      assert.notDeepEqual(b.data.subarray((t - 1) * d), a.data.subarray((t - 1) * d));
    });
  });

  describe('a batch (B, T, D)', () => {
    it('gives, per sequence, what that sequence gives alone (self- and cross-attention, causal or not)', () => {
      for (const causal of [false, true]) {
        const layer = randomLayer(4, 2, causal, 13);
        const x = randomTensor([3, 5, 4], mulberry(14));
        const r = layer.forward(new Tape(), x);
        assert.deepEqual(r.weights.shape, [3, 2, 5, 5], 'weights (B, h, T, T)');
        assertBatchMatches(r.out, (i) => layer.forward(new Tape(), batchEntry(x, i)).out, 'out');
        assertBatchMatches(r.weights, (i) => layer.forward(new Tape(), batchEntry(x, i)).weights, 'weights');
      }
      const cross = randomLayer(4, 2, false, 15, 3);
      const [x, m] = [randomTensor([2, 3, 4], mulberry(16)), randomTensor([2, 6, 3], mulberry(17))];
      assertBatchMatches(cross.forward(new Tape(), x, m).out, (i) => cross.forward(new Tape(), batchEntry(x, i), batchEntry(m, i)).out, 'cross out');
    });

    it('gradients match finite differences', () => {
      const rand = mulberry(3);
      const shapes = [[2, 2, 4], [4, 4], [4, 4], [4, 4], [4, 4], [4], [4], [4], [4]];
      const [x, ...w] = shapes.map((s) => randomTensor(s, rand));
      const fn = (tape: Tape, [xx, ...ww]: Tensor[]): Tensor[] => {
        const weights = Object.fromEntries(WEIGHT_KEYS.map((k, i) => [k, ww[i]])) as unknown as MultiHeadWeights;
        const r = multiHeadAttention(tape, xx, xx, weights, 2, true);
        return [r.out, r.weights];
      };
      gradcheck(fn, [x, ...w]);
    });

    it('refuses a memory from a batch of another size, naming both shapes', () => {
      const layer = new MultiHeadAttention('mha', { model: 2, heads: 1 }, {}, new Rng(1));
      assert.throws(() => layer.forward(new Tape(), Tensor.zeros([2, 3, 2]), Tensor.zeros([4, 3, 2])), backstepError('E_SHAPE', 'mha', /\[2,3,2\] and keys\/values M \[4,3,2\] must have the same batch axes/));
    });
  });

  it('names projections, per-head tensors and the output under its scope, and keeps per-head weights', () => {
    const layer = new MultiHeadAttention('mha', { model: 4, heads: 2 }, {}, new Rng(1));
    assert.deepEqual(layer.parameters().map((p) => p.name), WEIGHT_KEYS.map((k) => `mha.${k}`));
    const tape = new Tape();
    const r = layer.forward(tape, Tensor.zeros([3, 4]));
    const names = tape.nodes.map((n) => n.name);
    for (const n of ['mha/Q', 'mha/K', 'mha/V', 'mha/head0/scores', 'mha/head0/weights', 'mha/head1/weights', 'mha/head1/context', 'mha/concat', 'mha/out']) {
      assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
    }
    assert.equal(r.out.name, 'mha/out');
    assert.equal(r.weights.name, 'mha/weights');
    assert.deepEqual(r.weights.shape, [2, 3, 3], 'weights (h, T, T), head j = head j’s weights');
    assert.deepEqual(r.weights.data.subarray(9), r.heads[1].weights.data);
    assert.deepEqual(r.out.shape, [3, 4]);
    assert.deepEqual(layer.lastWeights.map((w) => [w.name, w.shape]), [['mha/head0/weights', [3, 3]], ['mha/head1/weights', [3, 3]]]);
    assert.deepEqual(tape.nodes.filter((n) => n.scope[1] === 'head0').map((n) => n.op), ['slice', 'slice', 'slice', 'matmul', 'softmax', 'matmul']);
  });

  it('cross-attention: queries of one sequence attend over a memory of another length and width', () => {
    const layer = new MultiHeadAttention('cross', { model: 4, heads: 2, memory: 6 }, {}, new Rng(1));
    assert.deepEqual(layer.params.get('Wk')?.shape, [4, 6]);
    const r = layer.forward(new Tape(), Tensor.zeros([3, 4]), Tensor.zeros([7, 6]));
    assert.deepEqual([r.out.shape, r.heads[1].weights.shape], [[3, 4], [3, 7]]);
  });

  it('runs in float32 with a causal mask that stays finite and gives exact zeros', () => {
    const layer = new MultiHeadAttention('mha', { model: 8, heads: 4 }, { causal: true }, new Rng(1), 'float32');
    const x = Tensor.of(randomTensor([6, 8], mulberry(2)).data, [6, 8], 'float32');
    const tape = new Tape();
    const r = layer.forward(tape, x);
    assert.equal(r.out.dtype, 'float32');
    assert.ok(tape.nodes.every((n) => n.nonFinite === 0));
    for (const w of layer.lastWeights) for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) assert.equal(w.get(i, j), 0);
  });

  it('without biases, has only the four matrices and no add ops', () => {
    const layer = new MultiHeadAttention('mha', { model: 2, heads: 1 }, { bias: false }, new Rng(1));
    assert.deepEqual([...layer.params.keys()], ['Wq', 'Wk', 'Wv', 'Wo']);
    const tape = new Tape();
    layer.forward(tape, Tensor.zeros([2, 2]));
    assert.ok(!tape.nodes.some((n) => n.op === 'add'));
  });

  describe('bad input', () => {
    it('refuses a model width not divisible by the number of heads', () => {
      assert.throws(() => new MultiHeadAttention('mha', { model: 6, heads: 4 }, {}, new Rng(1)), backstepError('E_ARGUMENT', 'mha', /6 is not divisible by heads = 4/));
    });

    it('names the layer and shapes when the input width is not D', () => {
      const layer = new MultiHeadAttention('enc/mha', { model: 4, heads: 2 }, {}, new Rng(1));
      assert.throws(() => layer.forward(new Tape(), Tensor.zeros([3, 5])), backstepError('E_SHAPE', 'enc/mha', /queries X \[3,5\] must have 4 features/));
    });

    it('names the layer and shapes when the memory width does not fit', () => {
      const layer = new MultiHeadAttention('cross', { model: 4, heads: 2, memory: 6 }, {}, new Rng(1));
      assert.throws(
        () => layer.forward(new Tape(), Tensor.zeros([3, 4]), Tensor.zeros([2, 4])),
        backstepError('E_SHAPE', 'cross', /keys\/values M \[2,4\] must have 6 features/),
      );
    });

    it('names the weight whose shape does not fit (functional form)', () => {
      const w = { Wq: Tensor.zeros([4, 4]), Wk: Tensor.zeros([4, 4]), Wv: Tensor.zeros([4, 4]), Wo: Tensor.zeros([4, 3]) };
      const tape = new Tape();
      assert.throws(
        () => tape.withScope('mha', () => multiHeadAttention(tape, Tensor.zeros([2, 4]), Tensor.zeros([2, 4]), w, 2, false)),
        backstepError('E_SHAPE', 'mha', /Wo is \[4,3\].*must be \[4,4\]/),
      );
    });
  });
});
