import assert from 'node:assert/strict';
import { readCorpus, type CorpusOptions } from '../../../../engine/data/files/corpus';
import { DataFileError } from '../../../../engine/data/files/problem';
import type { LoadedField } from '../../../../engine/data/loaded';
import { utf8 } from './support';

const OPTIONS: CorpusOptions = { tokens: 'word', minCount: 1, lowercase: false, maxValues: 1e6 };
const read = (text: string, options: Partial<CorpusOptions> = {}) => readCorpus(utf8(text), { ...OPTIONS, ...options });

function numbers(f: LoadedField): { values: number[]; shape: readonly number[]; vocab: readonly string[] } {
  assert.ok(f.kind === 'index', f.kind);
  return { values: [...f.values], shape: f.shape, vocab: f.vocab! };
}

function failsWith(f: () => unknown, where: { line?: number; column?: number }, message: RegExp, overBudget = false): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof DataFileError, String(e));
    assert.deepEqual({ line: e.where.line, column: e.where.column?.index, overBudget: e.overBudget }, { line: where.line, column: where.column, overBudget });
    assert.match(e.message, message);
    return true;
  });
}

describe('data/files/corpus: a plain-text corpus', () => {
  it('without `length`, is the `text` field of its lines as lower-cased words, blank lines left out', () => {
    const t = read('The cat sat.\n\nThe dog sat on the mat\n');
    const text = t.fields.text;
    assert.ok(text.kind === 'text');
    assert.deepEqual(text.sentences, [['the', 'cat', 'sat'], ['the', 'dog', 'sat', 'on', 'the', 'mat']]);
    assert.deepEqual({ input: t.input, target: t.target, shape: text.shape }, { input: 'text', target: undefined, shape: [2] });
  });

  it('keeps the words seen `min_count` times, at most `vocabulary` of them, and leaves the rest out', () => {
    const corpus = 'a b a c b a d\nd a b e';
    const rare = read(corpus, { minCount: 2 }).fields.text;
    assert.ok(rare.kind === 'text');
    assert.deepEqual(rare.sentences, [['a', 'b', 'a', 'b', 'a', 'd'], ['d', 'a', 'b']]);
    const capped = read(corpus, { vocabulary: 2 }).fields.text;
    assert.ok(capped.kind === 'text');
    assert.deepEqual(capped.sentences, [['a', 'b', 'a', 'b', 'a'], ['a', 'b']]);
    // The words left out, most frequent first (ties in order of first appearance): what fastText's view follows.
    assert.deepEqual([rare.leftOut, capped.leftOut], [['c', 'e'], ['d', 'c', 'e']]);
    const all = read(corpus).fields.text;
    assert.ok(all.kind === 'text');
    assert.equal(all.leftOut, undefined, 'none left out: no list');
    failsWith(() => read(corpus, { minCount: 9 }), {}, /no token occurs 9 times .* the most frequent occurs 4 times/);
  });

  it('with `length: T` and characters, cuts x (N,T) and y (N,T) = the next character, the line break among them', () => {
    const t = read('abca\nab\n', { tokens: 'char', length: 3 });
    const x = numbers(t.fields.x);
    const y = numbers(t.fields.y);
    // Stream "abca\nab" (7 characters): N = ⌊6 / 3⌋ = 2; vocabulary by count: a 3, b 2, c 1, ⏎ 1.
    assert.deepEqual(x.vocab, ['a', 'b', 'c', '\n']);
    assert.deepEqual(x.shape, [2, 3]);
    const text = (ids: number[]) => ids.map((i) => x.vocab[i]).join('');
    assert.equal(text(x.values), 'abca\na');
    assert.equal(text(y.values), 'bca\nab');
    assert.deepEqual({ input: t.input, target: t.target }, { input: 'x', target: 'y' });
  });

  it('gives a token outside the vocabulary the id 0: <unk> for words, U+FFFD for characters', () => {
    const words = numbers(read('a a b c a', { length: 2, vocabulary: 1 }).fields.x);
    assert.deepEqual(words.vocab, ['<unk>', 'a']);
    assert.deepEqual(words.values, [1, 1, 0, 0]);
    const chars = numbers(read('aab', { tokens: 'char', length: 2, minCount: 2 }).fields.x);
    assert.deepEqual(chars.vocab, ['\uFFFD', 'a']);
  });

  it('lower-cases characters with `lowercase`', () => {
    assert.deepEqual(numbers(read('AaB', { tokens: 'char', length: 1, lowercase: true }).fields.x).vocab, ['a', 'b']);
  });

  it('refuses bytes that are not UTF-8 at their line and column (in characters)', () => {
    failsWith(() => readCorpus(new Uint8Array([...utf8('ok\nnaïve '), 0xff, 0x41]), OPTIONS), { line: 2, column: 7 }, /not UTF-8 text \(byte 11\)/);
  });

  it('refuses an empty file, a corpus shorter than one sequence, and x and y over the data budget', () => {
    failsWith(() => read(' \n'), {}, /holds no words/);
    failsWith(() => read('abc', { tokens: 'char', length: 3 }), {}, /holds 3 tokens; `length: 3` needs at least 4/);
    failsWith(() => read('a b\nc d\ne f\n', { maxValues: 5 }), { line: 3 }, /holds more than 5 tokens, the data budget/, true);
    failsWith(() => read('abcdefghij', { tokens: 'char', length: 3, maxValues: 10 }), {}, /x and y would hold 18 numbers \(3 sequences of 3 tokens, twice\); the data budget is 10/, true);
  });
});
