import assert from 'node:assert/strict';
import { tokenize, Vocabulary } from '../../../engine/text/vocab';

describe('vocabulary', () => {
  it('tokenizes to lower-case words, splitting on spaces and punctuation but not inside words', () => {
    assert.deepEqual(tokenize('The cat, the HAT. Naïve 日本 don\'t!'), ['the', 'cat', 'the', 'hat', 'naïve', '日本', "don't"]);
    assert.deepEqual(tokenize('  ...  '), []);
  });

  it('ids run by descending count, ties by first appearance', () => {
    const v = Vocabulary.fromText('b a c a b a d');
    assert.deepEqual(v.words, ['a', 'b', 'c', 'd']);
    assert.deepEqual(v.counts, [3, 2, 1, 1]);
    assert.equal(v.id('c'), 2);
    assert.equal(v.word(1), 'b');
    assert.equal(v.count('a'), 3);
  });

  it('drops words below minCount, and encode skips them', () => {
    const v = Vocabulary.fromText('x y x z x y', { minCount: 2 });
    assert.deepEqual(v.words, ['x', 'y']);
    assert.deepEqual(v.encode(tokenize('x z y q')), [0, 1]);
    assert.equal(v.has('z'), false);
  });

  it('names the unknown word or id in its error', () => {
    const v = Vocabulary.fromText('a b');
    assert.throws(() => v.id('zebra'), /"zebra" is not in the vocabulary of 2 words/);
    assert.throws(() => v.word(2), /word id 2 is out of range/);
    assert.throws(() => Vocabulary.fromText('a b', { minCount: 2 }), /no word occurs at least 2 times/);
  });
});
