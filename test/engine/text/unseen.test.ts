import { strict as assert } from 'node:assert';
import { UNSEEN_FOLLOWED, unseenWords } from '../../../engine/text/unseen';
import { Vocabulary } from '../../../engine/text/vocab';

describe('text/unseen: the words outside the vocabulary fastText’s view follows', () => {
  const vocab = Vocabulary.fromText('the king rules the land the queen rules');

  it('takes the words the setting names (split and lower-cased as the corpus is, each once), leaving out and naming those in the vocabulary', () => {
    assert.deepEqual(unseenWords('Kings, queens kings THE', vocab, ['castle']), { words: ['kings', 'queens'], source: 'setting', known: ['the'] });
  });

  it('without a setting (or naming only known words), the corpus’s left-out words in their order', () => {
    assert.deepEqual(unseenWords('', vocab, ['castle', 'crown']), { words: ['castle', 'crown'], source: 'corpus', known: [] });
    assert.deepEqual(unseenWords('king', vocab, ['castle']), { words: ['castle'], source: 'corpus', known: ['king'] });
  });

  it('follows at most UNSEEN_FOLLOWED words; none at all: source null', () => {
    const many = Array.from({ length: UNSEEN_FOLLOWED + 3 }, (_, i) => `w${i}`);
    assert.deepEqual(unseenWords(many.join(' '), vocab, []).words, many.slice(0, UNSEEN_FOLLOWED));
    assert.deepEqual(unseenWords('', vocab, []), { words: [], source: null, known: [] });
  });
});
