import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { backward } from '../../../engine/autograd/backward';
import { Tape } from '../../../engine/autograd/tape';
import { bindParams } from '../../../engine/layers/params';
import { Word2Vec, type Word2VecArchitecture, type Word2VecObjective } from '../../../engine/layers/word2vec';
import { Rng } from '../../../engine/random';
import { cbowExamples, skipGramPairs } from '../../../engine/text/windows';
import { cosine, rowOf } from '../../../engine/text/similarity';
import { Vocabulary } from '../../../engine/text/vocab';
import { gradcheck, tensorArb } from '../../support/gradcheck';
import { sgdStep, twoTopicCorpus } from './embedding_training';

const VARIANTS: [Word2VecArchitecture, Word2VecObjective][] = [
  ['skipgram', 'negative'],
  ['cbow', 'negative'],
  ['skipgram', 'hierarchical'],
  ['cbow', 'hierarchical'],
];
const COUNTS = [9, 7, 5, 3, 2, 1];

function make(architecture: Word2VecArchitecture, objective: Word2VecObjective, dim = 3, counts: readonly number[] = COUNTS): Word2Vec {
  return new Word2Vec('w2v', { vocabSize: counts.length, dim }, { architecture, objective, counts, negatives: 3, tableSize: 1000 }, new Rng(1));
}

/** All examples of a corpus for one architecture: skip-gram (center → context), CBOW (context → center). */
function examplesOf(ids: number[], architecture: Word2VecArchitecture) {
  return architecture === 'skipgram'
    ? skipGramPairs(ids, { window: 2 }).map((p) => ({ input: [p.center], target: p.context }))
    : cbowExamples(ids, { window: 2 }).map((e) => ({ input: e.context, target: e.center }));
}

describe('Word2Vec layer', () => {
  it('names its parameters w2v.V with w2v.U (negative sampling) or w2v.Theta (hierarchical, V−1 rows)', () => {
    const ns = make('skipgram', 'negative');
    assert.deepEqual(ns.parameters().map((p) => [p.name, p.shape]), [['w2v.V', [6, 3]], ['w2v.U', [6, 3]]]);
    const hs = make('cbow', 'hierarchical');
    assert.deepEqual(hs.parameters().map((p) => [p.name, p.shape]), [['w2v.V', [6, 3]], ['w2v.Theta', [5, 3]]]);
  });

  for (const [architecture, objective] of VARIANTS) {
    it(`${architecture}/${objective}: gradients w.r.t. V and ${objective === 'negative' ? 'U' : 'Θ'} match finite differences`, () => {
      const layer = make(architecture, objective);
      const [, second] = layer.parameters();
      const example = fc.record({
        input: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: architecture === 'skipgram' ? 1 : 4 }),
        target: fc.integer({ min: 0, max: 5 }),
        seed: fc.integer(),
      });
      fc.assert(
        fc.property(tensorArb([6, 3]), tensorArb(second.shape as number[]), example, (V, other, ex) => {
          gradcheck((tape, [v, o]) => {
            bindParams(layer, { V: v, [objective === 'negative' ? 'U' : 'Theta']: o });
            return [layer.loss(tape, ex, new Rng(ex.seed))];
          }, [V, other]);
        }),
        { numRuns: 8 },
      );
    });
  }

  it('records gathers of the rows it uses inside the layer scope', () => {
    const tape = new Tape();
    make('skipgram', 'negative').loss(tape, { input: [0], target: 1 }, new Rng(3));
    const names = tape.nodes.map((n) => n.name);
    for (const n of ['w2v/v_c', 'w2v/u_o', 'w2v/U_neg', 'w2v/sgns_loss/loss']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  });

  it('rejects out-of-range ids and several centers for skip-gram, naming the layer', () => {
    const layer = make('skipgram', 'negative');
    assert.throws(() => layer.loss(new Tape(), { input: [6], target: 0 }, new Rng(1)), (e: Error & { where?: { layer?: string } }) => e.where?.layer === 'w2v' && /word id 6/.test(e.message));
    assert.throws(() => layer.loss(new Tape(), { input: [0, 1], target: 2 }, new Rng(1)), /one center word/);
  });

  for (const [architecture, objective] of VARIANTS) {
    it(`${architecture}/${objective}: after training on a two-topic corpus, same-topic words are nearer than cross-topic ones`, () => {
      // CBOW sees one example per word instead of one per pair, so it gets more data.
      const [sentenceCount, epochs] = architecture === 'skipgram' ? [8, 4] : [12, 6];
      const sentences = twoTopicCorpus(sentenceCount);
      const vocab = Vocabulary.fromTokens(sentences.flat());
      const layer = make(architecture, objective, 8, vocab.counts);
      const examples = sentences.flatMap((s) => examplesOf(vocab.encode(s), architecture));
      const rng = new Rng(5);
      let first = 0;
      let last = 0;
      for (let epoch = 0; epoch < epochs; epoch++) {
        let total = 0;
        for (const ex of rng.shuffled(examples)) {
          const tape = new Tape();
          const loss = layer.loss(tape, ex, rng);
          total += loss.data[0];
          backward(tape, loss);
          sgdStep(layer, 0.2);
        }
        if (epoch === 0) first = total;
        last = total;
      }
      assert.ok(last < first, `loss ${first} → ${last}`);
      const E = layer.embeddings;
      const sim = (a: string, b: string) => cosine(rowOf(E, vocab.id(a)), rowOf(E, vocab.id(b)));
      for (const [a, same, other] of [['cat', 'dog', 'car'], ['truck', 'road', 'pet'], ['fur', 'paw', 'wheel']]) {
        assert.ok(sim(a, same) > sim(a, other), `cos(${a},${same}) = ${sim(a, same)} vs cos(${a},${other}) = ${sim(a, other)}`);
      }
    });
  }
});
