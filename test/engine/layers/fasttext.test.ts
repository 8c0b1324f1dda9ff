import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { FastText } from '../../../engine/layers/fasttext';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { SubwordTable } from '../../../engine/text/fasttext';
import { cosine } from '../../../engine/text/similarity';
import { Vocabulary } from '../../../engine/text/vocab';
import { skipGramPairs } from '../../../engine/text/windows';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { sgdStep } from './embedding_training';

const FAMILIES = [
  ['walk', 'walked', 'walking', 'road', 'shoes'],
  ['table', 'chair', 'desk', 'wood', 'kitchen'],
  ['sing', 'sang', 'singing', 'song', 'voice'],
];

function corpus(sentences: number, seed: number): string[][] {
  const rng = new Rng(seed);
  return Array.from({ length: sentences }, (_, s) => rng.shuffled(FAMILIES[s % FAMILIES.length]));
}

describe('FastText layer', () => {
  const vocab = Vocabulary.fromTokens(corpus(6, 1).flat());
  const subwords = new SubwordTable(vocab, { buckets: 500 });

  it('names its parameters fasttext.E (words + buckets, D) and fasttext.U (words, D)', () => {
    const ft = new FastText('fasttext', subwords, { dim: 4 }, new Rng(1));
    assert.deepEqual(ft.parameters().map((p) => [p.name, p.shape]), [['fasttext.E', [vocab.size + 500, 4]], ['fasttext.U', [vocab.size, 4]]]);
  });

  it('gradients w.r.t. E and U match finite differences, for known and unseen center words', () => {
    const small = new SubwordTable(vocab, { buckets: 7 });
    const layer = new FastText('fasttext', small, { dim: 2, negatives: 2, tableSize: 200 }, new Rng(1));
    const example = fc.record({ center: fc.constantFrom('walk', 'desk', 'walks', 'ab'), target: fc.integer({ min: 0, max: vocab.size - 1 }), seed: fc.integer() });
    fc.assert(
      fc.property(tensorArb([vocab.size + 7, 2]), tensorArb([vocab.size, 2]), example, (E, U, ex) => {
        gradcheck((tape, [e, u]) => {
          bindParams(layer, { E: e, U: u });
          return [layer.loss(tape, ex.center, ex.target, new Rng(ex.seed))];
        }, [E, U]);
      }),
      { numRuns: 8 },
    );
  });

  it('the center vector is the mean of its subword rows, as named ops in the layer scope', () => {
    const layer = new FastText('fasttext', subwords, { dim: 3 }, new Rng(2));
    const tape = new Tape();
    layer.loss(tape, 'walked', vocab.id('road'), new Rng(1));
    const vc = tape.nodes.find((n) => n.name === 'fasttext/v_c');
    assert.ok(vc && vc.op === 'mean');
    const expected = layer.wordVector('walked');
    vc.outputs[0].data.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-15));
  });

  it('after training, an unseen word is nearer a morphological relative than an unrelated word', () => {
    const layer = new FastText('fasttext', new SubwordTable(vocab, { buckets: 300 }), { dim: 32, negatives: 3, tableSize: 1000 }, new Rng(3));
    const pairs = corpus(12, 4).flatMap((s) => skipGramPairs(vocab.encode(s), { window: 2 }));
    const rng = new Rng(5);
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const p of rng.shuffled(pairs)) {
        const tape = new Tape();
        backward(tape, layer.loss(tape, vocab.word(p.center), p.context, rng));
        sgdStep(layer, 0.2);
      }
    }
    for (const [unseen, relative, unrelated] of [['walks', 'walked', 'chair'], ['singer', 'singing', 'road'], ['tables', 'table', 'voice']]) {
      assert.equal(vocab.has(unseen), false);
      const v = layer.wordVector(unseen);
      const near = cosine(v, layer.wordVector(relative));
      const far = cosine(v, layer.wordVector(unrelated));
      assert.ok(near > far, `cos(${unseen},${relative}) = ${near} vs cos(${unseen},${unrelated}) = ${far}`);
    }
  });
});
