import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { Glove } from '../../../engine/layers/glove';
import { bindParams } from '../../../engine/layers/params';
import { Rng } from '../../../engine/random';
import { cooccurrences } from '../../../engine/text/glove';
import { cosine, rowOf } from '../../../engine/text/similarity';
import { Vocabulary } from '../../../engine/text/vocab';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { sgdStep, twoTopicCorpus } from './embedding_training';

describe('GloVe layer', () => {
  it('names its parameters glove.W, glove.Wt (V,D) and glove.b, glove.bt (V)', () => {
    const g = new Glove('glove', { vocabSize: 4, dim: 3 }, {}, new Rng(1));
    assert.deepEqual(g.parameters().map((p) => [p.name, p.shape]), [['glove.W', [4, 3]], ['glove.Wt', [4, 3]], ['glove.b', [4]], ['glove.bt', [4]]]);
  });

  it('gradients of the loss over gathered pairs match finite differences (repeated words add up)', () => {
    const layer = new Glove('glove', { vocabSize: 4, dim: 2 }, { xMax: 3 }, new Rng(1));
    const pairs = { rows: [0, 0, 1, 3], cols: [1, 2, 0, 3], values: [0.5, 2, 4, 1.5] };
    fc.assert(
      fc.property(tensorArb([4, 2]), tensorArb([4, 2]), tensorArb([4]), tensorArb([4]), (W, Wt, b, bt) => {
        gradcheck((tape, [w, wt, bb, bbt]) => {
          bindParams(layer, { W: w, Wt: wt, b: bb, bt: bbt });
          return [layer.loss(tape, pairs)];
        }, [W, Wt, b, bt]);
      }),
      { numRuns: 10 },
    );
  });

  it('trained on a two-topic corpus, the loss falls and same-topic words end nearer than cross-topic ones', () => {
    // GloVe fits only nonzero counts, so two sentences mixing both topics give the rare
    // cross-topic pairs their (small) counts; the biases alone cannot fit that block structure.
    const topics = twoTopicCorpus(16);
    const rng = new Rng(3);
    const sentences = [...topics, ...[0, 1].map(() => rng.shuffled([...topics[0], ...topics[1]]))];
    const vocab = Vocabulary.fromTokens(sentences.flat());
    const pairs = cooccurrences(sentences.map((s) => vocab.encode(s)), 3);
    const layer = new Glove('glove', { vocabSize: vocab.size, dim: 4 }, { xMax: 10 }, new Rng(2));
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) {
      const tape = new Tape();
      const loss = layer.loss(tape, pairs);
      losses.push(loss.data[0]);
      backward(tape, loss);
      sgdStep(layer, 0.05);
    }
    assert.ok(losses[losses.length - 1] < 0.05 * losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
    const E = layer.embeddings;
    const sim = (a: string, b: string) => cosine(rowOf(E, vocab.id(a)), rowOf(E, vocab.id(b)));
    for (const [a, same, other] of [['cat', 'dog', 'car'], ['truck', 'road', 'pet'], ['fur', 'paw', 'wheel']]) {
      assert.ok(sim(a, same) > sim(a, other), `cos(${a},${same}) = ${sim(a, same)} vs cos(${a},${other}) = ${sim(a, other)}`);
    }
  });

  it('rejects pair lists of different lengths and unknown ids, naming the layer', () => {
    const g = new Glove('glove', { vocabSize: 3, dim: 2 }, {}, new Rng(1));
    assert.throws(() => g.loss(new Tape(), { rows: [0], cols: [1, 2], values: [1] }), /as many rows, cols and values/);
    assert.throws(() => g.loss(new Tape(), { rows: [0], cols: [3], values: [1] }), (e: Error & { where?: { layer?: string } }) => e.where?.layer === 'glove' && /word id 3/.test(e.message));
  });
});
