import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { bindParams } from '../../../engine/layers/params';
import { Seq2Seq, SEQ2SEQ_ATTENTION, SEQ2SEQ_CELLS, type Seq2SeqAttention, type Seq2SeqCell, type Seq2SeqSizes } from '../../../engine/layers/seq2seq';
import { Rng } from '../../../engine/random';
import { Tensor } from '../../../engine/tensor/tensor';
import { gradcheck, mulberry } from '../../support/gradcheck';
import { assertBatchMatches, backstepError, batchEntry, randomTensor, rowSums } from './attention_support';

function model(cell: Seq2SeqCell, attention: Seq2SeqAttention, seed = 1, sizes: Seq2SeqSizes = { sourceSize: 3, targetSize: 2, hiddenSize: 4, outputSize: 2 }, tokens = false): Seq2Seq {
  return new Seq2Seq('s2s', sizes, { cell, attention, tokens }, new Rng(seed));
}

/** Token ids (shape) in [0, vocab) from a fixed PRNG. */
function ids(shape: number[], vocab: number, seed: number): Tensor {
  const rand = mulberry(seed);
  return Tensor.of(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rand() * vocab)), shape);
}

describe('Seq2Seq encoder–decoder', () => {
  describe('gradients for source, decoder inputs and every parameter match finite differences', () => {
    for (const cell of SEQ2SEQ_CELLS) {
      for (const attention of SEQ2SEQ_ATTENTION) {
        it(`${cell}, attention ${attention}`, () => {
          fc.assert(
            fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(1000), (ts, tt, seed) => {
              const s2s = model(cell, attention, seed, { sourceSize: 2, targetSize: 2, hiddenSize: 2, outputSize: 2 });
              const keys = [...s2s.params.keys()];
              const rand = mulberry(seed);
              const fn = (tape: Tape, [src, dec, ...ps]: Tensor[]): Tensor[] => {
                bindParams(s2s, Object.fromEntries(keys.map((k, i) => [k, ps[i]])));
                return [s2s.forward(tape, src, dec).outputs];
              };
              const params = s2s.parameters().map((p) => randomTensor([...p.shape], rand));
              gradcheck(fn, [randomTensor([ts, 2], rand), randomTensor([tt, 2], rand), ...params]);
            }),
            { numRuns: 3 },
          );
        });
      }
    }
  });

  it('names scopes and parameters after encoder, decoder, attention and output', () => {
    const s2s = model('lstm', 'general');
    const names = s2s.parameters().map((p) => p.name);
    for (const n of ['s2s.encoder.W_f', 's2s.decoder.b_o', 's2s.attn.W_a', 's2s.combine.W', 's2s.out.W', 's2s.out.b']) assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
    const tape = new Tape();
    const r = s2s.forward(tape, Tensor.zeros([5, 3]), Tensor.zeros([4, 2]));
    const nodes = tape.nodes.map((n) => n.name);
    for (const n of ['s2s/encoder/t4/h', 's2s/decoder/t3/h', 's2s/attn/scores', 's2s/attn/weights', 's2s/attn/context', 's2s/attentional', 's2s/out/y']) {
      assert.ok(nodes.includes(n), `${n} in ${nodes.join(' ')}`);
    }
    assert.ok(tape.nodes.every((n) => n.scope[0] === 's2s'));
    assert.deepEqual([r.outputs.shape, r.encoder.h.shape, r.decoder.h.shape], [[4, 2], [5, 4], [4, 4]]);
    assert.deepEqual(r.attention?.weights.shape, [4, 5], 'one row per target step, one column per source step');
    assert.deepEqual(s2s.lastWeights, [r.attention?.weights]);
  });

  it('without attention, the decoder starts from the encoder’s final state and nothing attends', () => {
    for (const cell of SEQ2SEQ_CELLS) {
      const tape = new Tape();
      const r = model(cell, 'none').forward(tape, randomTensor([3, 3], mulberry(1)), randomTensor([2, 2], mulberry(2)));
      assert.ok(!tape.nodes.some((n) => n.name.includes('attn')), cell);
      const firstDecoderOp = tape.nodes.find((n) => n.scope[1] === 'decoder' && n.inputs.includes(r.encoder.final.h));
      assert.ok(firstDecoderOp, `${cell}: the encoder's final h feeds the decoder`);
      assert.deepEqual(r.outputs.shape, [2, 2]);
    }
  });

  it('attention weights are one distribution over the source per target step', () => {
    for (const attention of ['dot', 'general', 'additive'] as const) {
      const r = model('gru', attention).forward(new Tape(), randomTensor([4, 3], mulberry(3)), randomTensor([3, 2], mulberry(4)));
      for (const s of rowSums(r.attention?.weights as Tensor)) assert.ok(Math.abs(s - 1) < 1e-12);
    }
  });

  it('teacher forcing: output t depends on decoder inputs up to t only', () => {
    const s2s = model('lstm', 'dot');
    const src = randomTensor([3, 3], mulberry(5));
    const dec = randomTensor([4, 2], mulberry(6));
    const dec2 = dec.clone();
    dec2.data[2 * 2] += 1; // decoder input at step 2
    const [a, b] = [s2s.forward(new Tape(), src, dec).outputs, s2s.forward(new Tape(), src, dec2).outputs];
    assert.deepEqual(b.data.subarray(0, 4), a.data.subarray(0, 4));
    assert.notDeepEqual(b.data.subarray(4), a.data.subarray(4));
  });

  it('free-running generation feeds each output back and agrees with teacher forcing on its own outputs', () => {
    for (const cell of SEQ2SEQ_CELLS) {
      for (const attention of ['none', 'additive'] as const) {
        const s2s = model(cell, attention, 7);
        const src = randomTensor([3, 3], mulberry(8));
        const start = randomTensor([1, 2], mulberry(9));
        const tape = new Tape();
        const gen = s2s.generate(tape, src, start, 4);
        assert.deepEqual(gen.outputs.shape, [4, 2]);
        assert.ok(tape.nodes.some((n) => n.name === 's2s/decoder/t3/h'));
        // The same decoder inputs, given all at once: [start; y_0; y_1; y_2].
        const inputs = Tensor.of([...start.data, ...gen.outputs.data.subarray(0, 6)], [4, 2]);
        const forced = s2s.forward(new Tape(), src, inputs);
        gen.outputs.data.forEach((v, i) => assert.ok(Math.abs(v - forced.outputs.data[i]) < 1e-12, `${cell}/${attention} element ${i}`));
        if (attention !== 'none') {
          assert.deepEqual(s2s.lastWeights[0].shape, [4, 3]);
          assert.equal(gen.attention[2].weights.name, 's2s/t2/attn/weights');
        }
      }
    }
  });

  describe('token ids', () => {
    const sizes = { sourceSize: 5, targetSize: 4, hiddenSize: 3, outputSize: 4 };

    it('enter as one-hot vectors by default: the same as giving those vectors', () => {
      const [a, b] = [model('lstm', 'dot', 2, sizes, true), model('lstm', 'dot', 2, sizes)];
      const [src, dec] = [ids([4], 5, 1), ids([3], 4, 2)];
      const oneHot = (x: Tensor, v: number) => Tensor.of(Array.from(x.data).flatMap((t) => Array.from({ length: v }, (_, j) => (j === t ? 1 : 0))), [x.size, v]);
      assert.deepEqual(a.forward(new Tape(), src, dec).outputs.data, b.forward(new Tape(), oneHot(src, 5), oneHot(dec, 4)).outputs.data);
    });

    it('go through learned embeddings with `embed`, named like the model-file catalogue', () => {
      const s2s = model('lstm', 'general', 2, { ...sizes, embed: 6 });
      assert.ok(s2s.tokens);
      assert.deepEqual(
        [...s2s.params.entries()].map(([k, p]) => `${k} [${p.shape}]`),
        [
          'src_embed.E [5,6]', 'tgt_embed.E [4,6]',
          ...['W_f', 'W_i', 'W_c', 'W_o'].map((w) => `encoder.${w} [3,9]`), ...['b_f', 'b_i', 'b_c', 'b_o'].map((b) => `encoder.${b} [3]`),
          ...['W_f', 'W_i', 'W_c', 'W_o'].map((w) => `decoder.${w} [3,9]`), ...['b_f', 'b_i', 'b_c', 'b_o'].map((b) => `decoder.${b} [3]`),
          'attn.W_a [3,3]', 'combine.W [3,6]', 'combine.b [3]', 'out.W [4,3]', 'out.b [4]',
        ],
      );
      assert.equal(s2s.params.get('src_embed.E')?.name, 's2s.src_embed.E');
      const tape = new Tape();
      const r = s2s.forward(tape, ids([4], 5, 3), ids([2], 4, 4));
      assert.ok(tape.nodes.some((n) => n.name === 's2s/src_embed/y' && n.op === 'gather'));
      assert.deepEqual(r.outputs.shape, [2, 4]);
    });

    it('gradients for every parameter (embeddings included) match finite differences', () => {
      const s2s = model('gru', 'additive', 4, { sourceSize: 3, targetSize: 3, hiddenSize: 2, outputSize: 3, embed: 2 });
      const keys = [...s2s.params.keys()];
      const fn = (tape: Tape, [src, dec, ...ps]: Tensor[]): Tensor[] => {
        bindParams(s2s, Object.fromEntries(keys.map((k, i) => [k, ps[i]])));
        return [s2s.forward(tape, src, dec).outputs];
      };
      gradcheck(fn, [ids([2, 3], 3, 5), ids([2, 2], 3, 6), ...s2s.parameters().map((p) => p.clone())], { constant: [0, 1] });
    });

    it('greedy generation feeds back the id of the largest output', () => {
      const s2s = model('gru', 'dot', 3, sizes, true);
      const gen = s2s.generate(new Tape(), ids([4], 5, 7), Tensor.of([0], [1]), 3);
      assert.deepEqual(gen.outputs.shape, [3, 4]);
      assert.equal(gen.inputs.length, 3);
      for (let t = 1; t < 3; t++) {
        const row = Array.from(gen.outputs.data.subarray((t - 1) * 4, t * 4));
        assert.equal(gen.inputs[t].data[0], row.indexOf(Math.max(...row)));
      }
    });

    it('refuses ids outside the vocabulary, naming the layer', () => {
      assert.throws(() => model('rnn', 'none', 1, sizes, true).forward(new Tape(), Tensor.of([0, 5], [2]), ids([2], 4, 1)), backstepError('E_INDEX', 's2s', /source: token id 5 at position 1 is not in \[0, 5\)/));
    });
  });

  describe('a batch of N sequences gives, per sequence, what that sequence gives alone', () => {
    for (const cell of SEQ2SEQ_CELLS) {
      it(`${cell}: vectors (N, T, F), with and without attention`, () => {
        for (const attention of ['none', 'general'] as const) {
          const s2s = model(cell, attention, 5);
          const [src, dec] = [randomTensor([3, 4, 3], mulberry(1)), randomTensor([3, 2, 2], mulberry(2))];
          const r = s2s.forward(new Tape(), src, dec);
          assertBatchMatches(r.outputs, (i) => s2s.forward(new Tape(), batchEntry(src, i), batchEntry(dec, i)).outputs, `${cell}/${attention}`);
          if (attention !== 'none') assert.deepEqual(r.attention?.weights.shape, [3, 2, 4]);
        }
      });
    }

    it('token ids (N, T) and free-running generation', () => {
      const s2s = model('lstm', 'additive', 6, { sourceSize: 5, targetSize: 4, hiddenSize: 3, outputSize: 4, embed: 2 });
      const [src, dec] = [ids([2, 4], 5, 8), ids([2, 3], 4, 9)];
      assertBatchMatches(s2s.forward(new Tape(), src, dec).outputs, (i) => s2s.forward(new Tape(), batchEntry(src, i), batchEntry(dec, i)).outputs, 'forward');
      const gen = s2s.generate(new Tape(), src, Tensor.of([0, 1], [2]), 3);
      assert.deepEqual([gen.outputs.shape, s2s.lastWeights[0].shape], [[2, 3, 4], [2, 3, 4]]);
      assertBatchMatches(gen.outputs, (i) => s2s.generate(new Tape(), batchEntry(src, i), Tensor.of([i], [1]), 3).outputs, 'generate');
    });

    it('gradients match finite differences (GRU, dot attention, N = 2)', () => {
      const s2s = model('gru', 'dot', 7, { sourceSize: 2, targetSize: 2, hiddenSize: 2, outputSize: 2 });
      const keys = [...s2s.params.keys()];
      const fn = (tape: Tape, [src, dec, ...ps]: Tensor[]): Tensor[] => {
        bindParams(s2s, Object.fromEntries(keys.map((k, i) => [k, ps[i]])));
        return [s2s.forward(tape, src, dec).outputs];
      };
      const rand = mulberry(10);
      gradcheck(fn, [randomTensor([2, 3, 2], rand), randomTensor([2, 2, 2], rand), ...s2s.parameters().map((p) => randomTensor([...p.shape], rand))]);
    });
  });

  it('learns: SGD steps with teacher forcing lower the cross-entropy of a fixed pair', () => {
    const s2s = model('gru', 'dot', 4, { sourceSize: 3, targetSize: 3, hiddenSize: 5, outputSize: 3 });
    const src = Tensor.fromNested([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const decIn = Tensor.fromNested([[0, 0, 0], [0, 0, 1], [0, 1, 0]]);
    const target = Tensor.of([2, 1, 0], [3]);
    const step = (): number => {
      const tape = new Tape();
      const loss = tape.apply('cross_entropy', [s2s.forward(tape, src, decIn).outputs, target]);
      backward(tape, loss);
      for (const p of s2s.parameters()) {
        p.data.forEach((v, i) => (p.data[i] = v - 0.5 * (p.grad?.data[i] ?? 0)));
        p.grad = null;
      }
      return loss.data[0];
    };
    const first = step();
    let last = first;
    for (let i = 0; i < 40; i++) last = step();
    assert.ok(last < 0.5 * first, `loss ${first} → ${last}`);
  });

  describe('bad input', () => {
    it('names the layer and shape when the source width is wrong', () => {
      assert.throws(() => model('lstm', 'none').forward(new Tape(), Tensor.zeros([3, 4]), Tensor.zeros([2, 2])), backstepError('E_SHAPE', 's2s', /source \[3,4\] must have 3 features/));
    });

    it('names the layer and shape when the decoder inputs are not a sequence', () => {
      assert.throws(() => model('gru', 'dot').forward(new Tape(), Tensor.zeros([3, 3]), Tensor.zeros([2])), backstepError('E_SHAPE', 's2s', /decoder inputs must be a sequence.*\[2\]/));
    });

    it('refuses an unknown cell or attention', () => {
      assert.throws(() => model('transformer' as Seq2SeqCell, 'none'), backstepError('E_ATTR', 's2s', /unknown cell "transformer"/));
      assert.throws(() => model('rnn', 'luong' as Seq2SeqAttention), backstepError('E_ATTR', 's2s', /unknown attention "luong"/));
    });

    it('refuses to feed outputs back as inputs of another width without a feed function', () => {
      const s2s = model('rnn', 'none', 1, { sourceSize: 2, targetSize: 3, hiddenSize: 2, outputSize: 4 });
      assert.throws(() => s2s.generate(new Tape(), Tensor.zeros([2, 2]), Tensor.zeros([1, 3]), 2), backstepError('E_ARGUMENT', 's2s', /4 wide.*3 wide/));
    });
  });
});
