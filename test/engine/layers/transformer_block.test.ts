import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { bindParams } from '../../../engine/layers/params';
import { TransformerBlock, type NormPlacement } from '../../../engine/layers/transformer_block';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, mulberry } from '../../support/gradcheck';
import { assertBatchMatches, backstepError, batchEntry, randomTensor } from './attention_support';

/** A block whose every parameter is random, so attention, norms and the FFN all matter. */
function randomBlock(d: number, heads: number, ff: number, norm: NormPlacement, causal: boolean, seed: number): TransformerBlock {
  const block = new TransformerBlock('block', { model: d, heads, ff }, { norm, causal }, new Rng(seed));
  const rand = mulberry(seed);
  for (const p of block.parameters()) p.data.set(randomTensor([p.size], rand).data);
  return block;
}

describe('TransformerBlock', () => {
  for (const norm of ['post', 'pre'] as const) {
    it(`${norm}-norm: gradients for the input and every parameter match finite differences`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.nat(1000), (t, heads, ff, causal, seed) => {
          const block = randomBlock(2 * heads, heads, ff, norm, causal, seed);
          const keys = [...block.params.keys()];
          const fn = (tape: Tape, [x, ...ps]: Tensor[]): Tensor[] => {
            bindParams(block, Object.fromEntries(keys.map((k, i) => [k, ps[i]])));
            return [block.forward(tape, x).out];
          };
          gradcheck(fn, [randomTensor([t, 2 * heads], mulberry(seed + 1)), ...block.parameters()]);
        }),
        { numRuns: 8 },
      );
    });
  }

  it('names its scopes and parameters after the parts of the block', () => {
    const block = new TransformerBlock('block', { model: 4, heads: 2, ff: 8 }, {}, new Rng(1));
    assert.deepEqual(
      block.parameters().map((p) => `${p.name} [${p.shape}]`),
      [
        ...['Wq', 'Wk', 'Wv', 'Wo'].map((k) => `block.attn.${k} [4,4]`),
        ...['bq', 'bk', 'bv', 'bo'].map((k) => `block.attn.${k} [4]`),
        'block.ffn.fc1.W [8,4]',
        'block.ffn.fc1.b [8]',
        'block.ffn.fc2.W [4,8]',
        'block.ffn.fc2.b [4]',
        ...['ln1.gamma', 'ln1.beta', 'ln2.gamma', 'ln2.beta'].map((k) => `block.${k} [4]`),
      ],
    );
    const tape = new Tape();
    const r = block.forward(tape, Tensor.zeros([3, 4]));
    assert.deepEqual(r.out.shape, [3, 4]);
    const names = tape.nodes.map((n) => n.name);
    for (const n of ['block/attn/head1/weights', 'block/attn/out', 'block/residual1', 'block/ln1', 'block/ffn/fc1/y', 'block/ffn/relu', 'block/ffn/fc2/y', 'block/residual2', 'block/out']) {
      assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
    }
    assert.ok(tape.nodes.every((n) => n.scope[0] === 'block'));
    assert.deepEqual(block.lastWeights.map((w) => w.name), ['block/attn/head0/weights', 'block/attn/head1/weights']);
  });

  it('post-norm: every output row is normalized (mean 0, variance ≈ 1 with γ = 1, β = 0)', () => {
    const block = new TransformerBlock('block', { model: 4, heads: 2, ff: 6 }, { norm: 'post' }, new Rng(2));
    const out = block.forward(new Tape(), randomTensor([5, 4], mulberry(4))).out;
    for (let i = 0; i < 5; i++) {
      const row = Array.from(out.data.subarray(i * 4, i * 4 + 4));
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      assert.ok(Math.abs(mean) < 1e-12 && Math.abs(variance - 1) < 1e-3, `row ${i}: mean ${mean}, variance ${variance}`);
    }
  });

  it('pre-norm: with zero output projections both sublayers add nothing, so the block is the identity', () => {
    const block = randomBlock(4, 2, 6, 'pre', false, 3);
    for (const k of ['attn.Wo', 'attn.bo', 'ffn.fc2.W', 'ffn.fc2.b']) block.params.get(k)?.data.fill(0);
    const x = randomTensor([3, 4], mulberry(5));
    const tape = new Tape();
    assert.deepEqual(block.forward(tape, x).out.data, x.data);
    assert.equal(tape.nodes.find((n) => n.scope.length === 1)?.name, 'block/ln1', 'pre-norm normalizes before attending');
  });

  it('causal: an output row never depends on later positions', () => {
    for (const norm of ['post', 'pre'] as const) {
      const block = randomBlock(4, 2, 5, norm, true, 7);
      const x = randomTensor([4, 4], mulberry(8));
      const x2 = x.clone();
      for (let c = 0; c < 4; c++) x2.data[12 + c] -= 3;
      const [a, b] = [block.forward(new Tape(), x).out, block.forward(new Tape(), x2).out];
      assert.deepEqual(b.data.subarray(0, 12), a.data.subarray(0, 12), norm);
    }
  });

  it('a batch (B, T, D) gives, per sequence, what that sequence gives alone', () => {
    for (const norm of ['post', 'pre'] as const) {
      const block = randomBlock(4, 2, 5, norm, true, 9);
      const x = randomTensor([3, 4, 4], mulberry(10));
      const r = block.forward(new Tape(), x);
      assert.deepEqual(r.attention.weights.shape, [3, 2, 4, 4]);
      assertBatchMatches(r.out, (i) => block.forward(new Tape(), batchEntry(x, i)).out, `${norm} out`);
    }
  });

  it('learns: a few SGD steps on a fixed target lower the mean squared error', () => {
    const block = new TransformerBlock('block', { model: 4, heads: 2, ff: 8 }, { norm: 'pre' }, new Rng(6));
    const [x, target] = [randomTensor([3, 4], mulberry(1)), randomTensor([3, 4], mulberry(2))];
    const step = (): number => {
      const tape = new Tape();
      const loss = tape.apply('mse', [block.forward(tape, x).out, target]);
      backward(tape, loss);
      for (const p of block.parameters()) {
        p.data.forEach((v, i) => (p.data[i] = v - 0.05 * (p.grad?.data[i] ?? 0)));
        p.grad = null;
      }
      return loss.data[0];
    };
    const first = step();
    let last = first;
    for (let i = 0; i < 30; i++) last = step();
    assert.ok(last < 0.5 * first, `loss ${first} → ${last}`);
  });

  describe('bad input', () => {
    it('refuses a model width not divisible by the number of heads', () => {
      assert.throws(() => new TransformerBlock('blk', { model: 5, heads: 2, ff: 4 }, {}, new Rng(1)), backstepError('E_ARGUMENT', 'blk', /5 is not divisible by heads = 2/));
    });

    it('refuses an unknown norm placement', () => {
      assert.throws(() => new TransformerBlock('blk', { model: 4, heads: 2, ff: 4 }, { norm: 'middle' as NormPlacement }, new Rng(1)), backstepError('E_ATTR', 'blk', /"middle"/));
    });

    it('names the layer and the shape when the input width is not D', () => {
      const block = new TransformerBlock('blk', { model: 4, heads: 2, ff: 4 }, {}, new Rng(1));
      assert.throws(() => block.forward(new Tape(), Tensor.zeros([3, 6])), backstepError('E_SHAPE', 'blk', /input \[3,6\] must have 4 features/));
    });
  });
});
