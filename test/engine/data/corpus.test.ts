import assert from 'node:assert/strict';
import { TINY_CORPUS, textData, textFields, tokenizeSentence } from '../../../engine/data/corpus';

describe('data: tiny text corpus', () => {
  it('tokenises into lower-case words', () => {
    assert.deepEqual(tokenizeSentence('The King, the Queen!'), ['the', 'king', 'the', 'queen']);
  });

  it('holds a few dozen sentences whose related words share contexts', () => {
    assert.ok(TINY_CORPUS.length >= 30 && TINY_CORPUS.length <= 60);
    const contexts = (w: string) => new Set(TINY_CORPUS.map(tokenizeSentence).filter((s) => s.includes(w)).flatMap((s) => s.filter((x) => x !== w)));
    const shared = (a: string, b: string) => [...contexts(a)].filter((w) => contexts(b).has(w)).length;
    for (const [a, b] of [['king', 'queen'], ['cat', 'dog'], ['two', 'three']]) assert.ok(shared(a, b) >= 3, `${a} and ${b} share contexts`);
  });

  it('gives one text field whose declared vocabulary size is the number of distinct words', () => {
    const set = textData(TINY_CORPUS);
    const f = set.fields.text;
    assert.ok(f.kind === 'text');
    assert.equal(f.sentences.length, TINY_CORPUS.length);
    assert.equal(textFields(TINY_CORPUS).text.classes, new Set(f.sentences.flat()).size);
  });
});
