import assert from 'node:assert/strict';
import { clustering, wordVectors } from './embeddings';
import { mean, sampleTrainer, trainAll, variant } from './support';

function trainArchitecture(architecture: 'skipgram' | 'cbow') {
  const trainer = sampleTrainer('word2vec-skipgram', (t) => variant(t, 'architecture: skipgram ', `architecture: ${architecture} `));
  const before = clustering(wordVectors(trainer, 'w2v', 'V'));
  const losses = trainAll(trainer);
  return { before, after: clustering(wordVectors(trainer, 'w2v', 'V')), losses };
}

describe('sample word2vec-skipgram: related words of the corpus end nearer than unrelated ones', () => {
  for (const architecture of ['skipgram', 'cbow'] as const) {
    describe(architecture, () => {
      let run: ReturnType<typeof trainArchitecture>;
      before(() => (run = trainArchitecture(architecture)));

      it('the negative-sampling loss falls by more than a third', () => {
        const { losses } = run;
        assert.ok(mean(losses.slice(-200)) < (2 / 3) * mean(losses.slice(0, 200)), `${mean(losses.slice(0, 200))} → ${mean(losses.slice(-200))}`);
      });

      it('words of one group (royalty, animals, numbers) end > 0.3 more cosine-similar than words of different groups', () => {
        const { before, after } = run;
        assert.ok(Math.abs(before.within - before.across) < 0.1, `before training: ${before.within} vs ${before.across}`);
        assert.ok(after.within - after.across > 0.3, `within ${after.within}, across ${after.across}`);
      });

      it('at least 10 of the 13 group words have a word of their own group as nearest neighbour (chance: about 4)', () => {
        const { after } = run;
        assert.ok(after.nearestInGroup >= 10, `${after.nearestInGroup}/${after.words}`);
      });
    });
  }
});
