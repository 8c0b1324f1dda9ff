import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { MODEL_CASES } from './models';
import { paramValues, sampleText, SAMPLES, sampleTrainer, train, trainerFor } from './support';

describe('building a model file into a trainer', () => {
  describe('every sample builds and trains a few steps', () => {
    for (const name of SAMPLES) {
      it(`${name}: 3 steps with a finite loss`, () => {
        const trainer = sampleTrainer(name, { recordValues: false });
        const losses = train(trainer, 3);
        assert.equal(trainer.completedSteps, 3);
        for (const l of losses) assert.ok(Number.isFinite(l), `loss ${l}`);
      });
    }
  });

  describe('every layer kind: parameters are the ones the checker announced, and it trains', () => {
    for (const c of MODEL_CASES) {
      it(c.name, () => {
        const model = checkModel(c.text).model!;
        const trainer = trainerFor(c.text, { recordValues: false });
        const announced = model.layers.flatMap((l) => Object.entries(l.params).map(([k, shape]) => `${l.name}.${k} [${shape.join(',')}]`));
        const built = trainer.params.map((p) => `${p.name} [${p.shape.join(',')}]`);
        // Embedding models size their tables from the corpus' vocabulary, as the checker does.
        assert.deepEqual([...built].sort(), [...announced].sort());
        for (const l of train(trainer, 3)) assert.ok(Number.isFinite(l), `loss ${l}`);
      });
    }
  });

  it('lists layers in model order with their kind, source range and parameters', () => {
    const trainer = trainerFor(sampleText('mlp-xor'));
    assert.deepEqual(
      trainer.layers.map((l) => [l.name, l.kind, l.range.line, l.params.map((p) => p.name)]),
      [
        ['hidden', 'linear', 23, ['hidden.W', 'hidden.b']],
        ['tanh1', 'tanh', 24, []],
        ['out', 'linear', 25, ['out.W', 'out.b']],
        ['sigmoid1', 'sigmoid', 26, []],
      ],
    );
  });

  it('draws the initial weights from the file\'s seed: same seed, same weights; another seed, others', () => {
    const text = sampleText('lstm-memory');
    assert.deepEqual(paramValues(trainerFor(text)), paramValues(trainerFor(text)));
    const other = paramValues(trainerFor(text.replace('seed: 3', 'seed: 4')));
    assert.notDeepEqual(other['memory.W_f'], paramValues(trainerFor(text))['memory.W_f']);
  });

  it('names the words behind an embedding layer\'s ids, for labels in the views', () => {
    const w2v = trainerFor(sampleText('word2vec-skipgram'));
    const words = w2v.vocabulary('w2v')!;
    assert.equal(words.length, w2v.params[0].shape[0]);
    assert.equal(words[0], 'the', 'the most frequent word has id 0');
    const reverse = trainerFor(sampleText('attention-reverse'));
    assert.deepEqual(reverse.vocabulary('src_embed')?.slice(0, 3), ['<bos>', 'a', 'b']);
    assert.equal(reverse.vocabulary('encoder'), null);
  });

  it('keeps the data\'s order in a full batch and shuffles smaller batches per epoch', () => {
    const xor = trainerFor(sampleText('mlp-xor'));
    const run = xor.beginStep();
    const x = run.tape.nodes[0].inputs[0];
    assert.equal(x.name, 'data.x');
    assert.deepEqual(x.toNested(), [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
  });
});
