import assert from 'node:assert/strict';
import { TINY_CORPUS, tokenizeSentence } from '../../engine/data/corpus';
import { SubwordTable } from '../../engine/text/fasttext';
import { cosine } from '../../engine/text/similarity';
import { Vocabulary } from '../../engine/text/vocab';
import { mean, paramNamed, sampleTrainer, trainAll } from './support';

/** Words the corpus never uses, each with the relative its n-grams come from. */
const UNSEEN: readonly [string, string][] = [
  ['kings', 'king'],
  ['queens', 'queen'],
  ['princes', 'prince'],
  ['kitty', 'kitten'],
  ['puppys', 'puppy'],
  ['castl', 'castle'],
];

describe('sample fasttext: a word absent from training gets a vector from its n-grams, near its relatives', () => {
  const trainer = sampleTrainer('fasttext');
  const vocab = Vocabulary.fromTokens(TINY_CORPUS.flatMap(tokenizeSentence));
  const table = new SubwordTable(vocab, { buckets: 2000, minn: 3, maxn: 6 });
  /** fastText's word vector: the mean of the word's input rows of E (its own, if known, and its n-grams'). */
  const vector = (word: string): number[] => {
    const E = paramNamed(trainer, 'ft.E');
    const d = E.shape[1];
    const rows = table.rowsOf(word);
    return Array.from({ length: d }, (_, j) => mean(rows.map((r) => E.data[r * d + j])));
  };
  let losses: number[] = [];
  before(() => (losses = trainAll(trainer)));

  it('trains skip-gram with negative sampling on the n-gram vectors: the loss falls', () => {
    assert.deepEqual(trainer.vocabulary('ft'), vocab.words);
    assert.ok(mean(losses.slice(-100)) < 0.8 * mean(losses.slice(0, 100)), `${mean(losses.slice(0, 100))} → ${mean(losses.slice(-100))}`);
  });

  for (const [word, relative] of UNSEEN) {
    it(`"${word}" is not in the corpus, yet from its n-grams alone it lands next to "${relative}" (among its 2 nearest of the ${vocab.size} words)`, () => {
      assert.ok(!vocab.has(word) && vocab.has(relative));
      assert.ok(table.rowsOf(word).every((r) => r >= vocab.size), 'n-gram rows only');
      const v = vector(word);
      assert.ok(v.every(Number.isFinite) && v.some((x) => x !== 0));
      const toRelative = cosine(v, vector(relative));
      const others = vocab.words.filter((w) => w !== relative).map((w) => cosine(v, vector(w)));
      assert.ok(others.filter((s) => s > toRelative).length <= 1, `cos ${toRelative}; closer: ${others.filter((s) => s > toRelative).length}`);
      assert.ok(toRelative - mean(others) > 0.1, `cos to ${relative} ${toRelative}, mean to the vocabulary ${mean(others)}`);
    });
  }
});
