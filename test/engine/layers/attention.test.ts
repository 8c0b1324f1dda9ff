import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { Tape } from '../../../engine/autograd/tape';
import { additiveScores, attend, Attention, dotScores, generalScores, scaledDotScores, type AttentionScore } from '../../../engine/layers/attention';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, mulberry, tensorArb, type TapeFn } from '../../support/gradcheck';
import { referenceCases } from '../../support/reference';
import { assertBatchMatches, backstepError, batchEntry, checkGradCase, randomTensor, rowSums } from './attention_support';

const dim = fc.integer({ min: 1, max: 4 });

describe('Attention layer', () => {
  describe('matches the reference cases (README §5.9–5.10)', () => {
    const encoderDecoder: [string, AttentionScore][] = [['attn_dot', 'dot'], ['attn_general', 'general'], ['attn_additive', 'additive']];
    for (const [op, score] of encoderDecoder) {
      for (const c of referenceCases(op)) {
        it(`${op} › ${c.name}`, () => {
          const { S, Hs, v } = c.inputs ?? {};
          const layer = new Attention('attn', { query: S.shape[1], key: Hs.shape[1], hidden: v?.shape[0] }, { score }, new Rng(1));
          checkGradCase(c, Object.fromEntries(layer.params), (tape, inp) => ({ ...layer.forward(tape, inp.S, inp.Hs) }));
        });
      }
    }
    for (const c of referenceCases('scaled_dot_attention')) {
      it(`scaled_dot_attention › ${c.name}`, () => {
        const dk = c.inputs?.Q.shape[1] ?? 0;
        const layer = new Attention('attn', { query: dk, key: dk }, { score: 'scaled_dot', causal: c.attrs?.causal === true }, new Rng(1));
        checkGradCase(c, {}, (tape, { Q, K, V }) => {
          const r = layer.forward(tape, Q, K, V);
          return { scores: r.scores, weights: r.weights, out: r.context };
        });
      });
    }
  });

  describe('gradients match finite differences on random sizes (all three outputs)', () => {
    const cases: [string, fc.Arbitrary<Tensor[]>, TapeFn][] = [
      [
        'dot',
        fc.tuple(dim, dim, dim).chain(([tq, tk, d]) => fc.tuple(tensorArb([tq, d]), tensorArb([tk, d]))),
        (tape, [S, Hs]) => Object.values(attend(tape, dotScores(tape, S, Hs), Hs, false)),
      ],
      [
        'general',
        fc.tuple(dim, dim, dim, dim).chain(([tq, tk, ds, dh]) => fc.tuple(tensorArb([tq, ds]), tensorArb([tk, dh]), tensorArb([ds, dh]))),
        (tape, [S, Hs, Wa]) => Object.values(attend(tape, generalScores(tape, S, Hs, Wa), Hs, false)),
      ],
      [
        'additive',
        fc.tuple(dim, dim, dim, dim, dim).chain(([tq, tk, ds, dh, a]) =>
          fc.tuple(tensorArb([tq, ds]), tensorArb([tk, dh]), tensorArb([a, ds]), tensorArb([a, dh]), tensorArb([a])),
        ),
        (tape, [S, Hs, Ws, Wh, v]) => Object.values(attend(tape, additiveScores(tape, S, Hs, Ws, Wh, v), Hs, false)),
      ],
      [
        'scaled dot, causal',
        fc.tuple(dim, dim, dim).chain(([t, dk, dv]) => fc.tuple(tensorArb([t, dk]), tensorArb([t, dk]), tensorArb([t, dv]))),
        (tape, [Q, K, V]) => Object.values(attend(tape, scaledDotScores(tape, Q, K), V, true)),
      ],
    ];
    for (const [label, inputs, fn] of cases) {
      it(label, () => fc.assert(fc.property(inputs, (xs) => gradcheck(fn, xs)), { numRuns: 15 }));
    }
  });

  describe('weights', () => {
    const scores: AttentionScore[] = ['dot', 'general', 'additive', 'scaled_dot'];
    for (const score of scores) {
      it(`sum to 1 over the keys for every query (${score})`, () => {
        fc.assert(
          fc.property(dim, dim, dim, fc.integer({ min: 1, max: 1000 }), (tq, tk, d, seed) => {
            const rand = mulberry(seed);
            const layer = new Attention('attn', { query: d, key: d, hidden: 3 }, { score }, new Rng(seed));
            const { weights } = layer.forward(new Tape(), randomTensor([tq, d], rand), randomTensor([tk, d], rand));
            for (const s of rowSums(weights)) assert.ok(Math.abs(s - 1) < 1e-12, `row sum ${s}`);
          }),
          { numRuns: 20 },
        );
      });
    }

    it('put no weight on future keys when causal, so the past never reads the future', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 6 }), dim, fc.integer({ min: 1, max: 1000 }), (t, d, seed) => {
          const rand = mulberry(seed);
          const layer = new Attention('self', { query: d, key: d }, { score: 'scaled_dot', causal: true }, new Rng(seed));
          const [Q, K, V] = [randomTensor([t, d], rand), randomTensor([t, d], rand), randomTensor([t, d], rand)];
          const a = layer.forward(new Tape(), Q, K, V);
          for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) assert.equal(a.weights.get(i, j), 0);
          // Changing the last key and value leaves every earlier query's context unchanged.
          const [K2, V2] = [K.clone(), V.clone()];
          for (let c = 0; c < d; c++) [K2.data[(t - 1) * d + c], V2.data[(t - 1) * d + c]] = [rand() * 9, rand() * 9];
          const b = layer.forward(new Tape(), Q, K2, V2);
          assert.deepEqual(b.context.data.subarray(0, (t - 1) * d), a.context.data.subarray(0, (t - 1) * d));
        }),
        { numRuns: 20 },
      );
    });
  });

  describe('a batch (B, T, D) gives, per sequence, what that sequence gives alone', () => {
    const scores: AttentionScore[] = ['dot', 'general', 'additive', 'scaled_dot'];
    for (const score of scores) {
      it(score, () => {
        const rand = mulberry(21);
        const causal = score === 'scaled_dot';
        const layer = new Attention('attn', { query: 3, key: 3, hidden: 2 }, { score, causal }, new Rng(2));
        for (const p of layer.parameters()) p.data.set(randomTensor([p.size], rand).data);
        const [S, Hs] = [randomTensor([2, 4, 3], rand), randomTensor([2, 4, 3], rand)];
        const tape = new Tape();
        const r = layer.forward(tape, S, Hs);
        assert.ok(tape.nodes.some((n) => n.op === 'batch_matmul'));
        const alone = (i: number) => layer.forward(new Tape(), batchEntry(S, i), batchEntry(Hs, i));
        assertBatchMatches(r.scores, (i) => alone(i).scores, 'scores');
        assertBatchMatches(r.weights, (i) => alone(i).weights, 'weights');
        assertBatchMatches(r.context, (i) => alone(i).context, 'context');
      });
    }

    it('gradients match finite differences (additive and causal scaled dot over a batch of 2)', () => {
      const additive: TapeFn = (tape, [S, Hs, Ws, Wh, v]) => Object.values(attend(tape, additiveScores(tape, S, Hs, Ws, Wh, v), Hs, false));
      const causal: TapeFn = (tape, [Q, K, V]) => Object.values(attend(tape, scaledDotScores(tape, Q, K), V, true));
      const rand = mulberry(5);
      gradcheck(additive, [[2, 2, 3], [2, 3, 2], [2, 3], [2, 2], [2]].map((s) => randomTensor(s, rand)));
      gradcheck(causal, [[2, 3, 2], [2, 3, 2], [2, 3, 2]].map((s) => randomTensor(s, rand)));
    });

    it('refuses queries and keys from batches of different sizes, naming both shapes', () => {
      const layer = new Attention('attn', { query: 2, key: 2 }, { score: 'dot' }, new Rng(1));
      assert.throws(() => layer.forward(new Tape(), Tensor.zeros([2, 3, 2]), Tensor.zeros([3, 3, 2])), backstepError('E_SHAPE', 'attn', /queries \[2,3,2\] and keys \[3,3,2\] must have the same batch axes/));
    });
  });

  it('names scores, weights and context under its scope, and keeps the weights for the heatmap', () => {
    const layer = new Attention('attn', { query: 2, key: 3 }, { score: 'general' }, new Rng(3));
    assert.equal(layer.params.get('W_a')?.name, 'attn.W_a');
    assert.deepEqual(layer.params.get('W_a')?.shape, [2, 3]);
    const tape = new Tape();
    const r = layer.forward(tape, Tensor.zeros([4, 2]), Tensor.zeros([5, 3]));
    assert.deepEqual([r.scores.name, r.weights.name, r.context.name], ['attn/scores', 'attn/weights', 'attn/context']);
    assert.deepEqual([r.weights.shape, r.context.shape], [[4, 5], [4, 3]]);
    assert.ok(tape.nodes.every((n) => n.scope[0] === 'attn'));
    assert.deepEqual(layer.lastWeights, [r.weights]);
  });

  it('scopes the causal mask as `masked` between scores and weights', () => {
    const tape = new Tape();
    new Attention('attn', { query: 2, key: 2 }, { score: 'scaled_dot', causal: true }, new Rng(1)).forward(tape, Tensor.zeros([3, 2]), Tensor.zeros([3, 2]));
    assert.deepEqual(tape.nodes.map((n) => n.name), ['attn/QK', 'attn/scores', 'attn/masked', 'attn/weights', 'attn/context']);
  });

  describe('bad input', () => {
    it('refuses dot attention over queries and keys of different widths', () => {
      assert.throws(() => new Attention('attn', { query: 3, key: 4 }, { score: 'dot' }, new Rng(1)), backstepError('E_ARGUMENT', 'attn', /3 and 4/));
    });

    it('refuses an unknown score function', () => {
      assert.throws(
        () => new Attention('attn', { query: 3, key: 3 }, { score: 'cosine' as AttentionScore }, new Rng(1)),
        backstepError('E_ATTR', 'attn', /unknown attention score "cosine"/),
      );
    });

    it('names the layer and the shapes when the queries do not fit', () => {
      const layer = new Attention('dec_attn', { query: 4, key: 5, hidden: 3 }, { score: 'additive' }, new Rng(1));
      assert.throws(() => layer.forward(new Tape(), Tensor.zeros([2, 3]), Tensor.zeros([6, 5])), backstepError('E_SHAPE', 'dec_attn', /queries \[2,3\] must have 4 features/));
    });

    it('names the layer and both shapes when keys and values differ in length', () => {
      const layer = new Attention('attn', { query: 2, key: 2 }, { score: 'scaled_dot' }, new Rng(1));
      assert.throws(
        () => layer.forward(new Tape(), Tensor.zeros([3, 2]), Tensor.zeros([4, 2]), Tensor.zeros([5, 2])),
        backstepError('E_SHAPE', 'attn', /keys \[4,2\] and values \[5,2\]/),
      );
    });

    it('names the layer when the inputs are not matrices', () => {
      const layer = new Attention('attn', { query: 2, key: 2 }, { score: 'dot' }, new Rng(1));
      assert.throws(() => layer.forward(new Tape(), Tensor.zeros([2]), Tensor.zeros([4, 2])), backstepError('E_SHAPE', 'attn', /queries must be a sequence.*\[2\]/));
    });
  });
});
