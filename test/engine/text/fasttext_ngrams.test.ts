import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fasttextNgrams, fnv1a, utf8Bytes } from '../../../engine/text/fasttext_ngrams';
import { referenceCases } from '../../support/reference';

const codePoints = (s: string): number => Array.from(s).length;
/** No lone UTF-16 surrogate: what cutting a string by code units instead of code points leaves. */
const wellFormed = (s: string): boolean => !/\p{Surrogate}/u.test(s);

describe('fastText character n-grams (reference §5.14)', () => {
  it('match every reference case exactly, in order', () => {
    for (const c of referenceCases('fasttext_ngrams')) {
      const attrs = { minn: c.attrs?.minn as number, maxn: c.attrs?.maxn as number };
      assert.deepEqual(fasttextNgrams(c.inputs_str?.word ?? '', attrs), c.outputs_str?.ngrams, c.name);
    }
  });

  it('"go": <go> is already a 4-gram, so it is not appended again', () => {
    assert.deepEqual(fasttextNgrams('go'), ['<go', '<go>', 'go>']);
  });

  it('keeps duplicate n-grams in place ("ana" twice in banana)', () => {
    assert.equal(fasttextNgrams('banana').filter((g) => g === 'ana').length, 2);
  });

  it('counts an emoji outside the BMP as one character, never splitting a surrogate pair', () => {
    // "<👍>" is 3 code points (4 UTF-16 units): one 3-gram, which is the whole token.
    assert.deepEqual(fasttextNgrams('👍'), ['<👍>']);
    // "<a😀b>" is 5 code points.
    assert.deepEqual(fasttextNgrams('a😀b'), ['<a😀', '<a😀b', '<a😀b>', 'a😀b', 'a😀b>', '😀b>']);
    // "<𝔘𝔫𝔦𝔠𝔬𝔡𝔢>" (mathematical Fraktur, all non-BMP) is 9 code points: longer than maxn, so appended.
    const g = fasttextNgrams('𝔘𝔫𝔦𝔠𝔬𝔡𝔢');
    assert.equal(g[0], '<𝔘𝔫');
    assert.equal(g[g.length - 1], '<𝔘𝔫𝔦𝔠𝔬𝔡𝔢>');
    // 9 code points: starts 0..3 give 4 lengths each, then 3, 2, 1 → 4·4 + 3 + 2 + 1 = 22, plus the token.
    assert.equal(g.length, 23);
  });

  it('a one-letter word is shorter than minn only with its brackets counted: "<a>" is one 3-gram', () => {
    assert.deepEqual(fasttextNgrams('a'), ['<a>']);
    assert.deepEqual(fasttextNgrams('a', { minn: 4, maxn: 6 }), ['<a>']);
  });

  it('every n-gram has minn..maxn code points, is well-formed Unicode, and their count follows the formula', () => {
    const word = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 12 });
    const lengths = fc.integer({ min: 1, max: 4 }).chain((minn) => fc.tuple(fc.constant(minn), fc.integer({ min: minn, max: minn + 4 })));
    fc.assert(
      fc.property(word, lengths, (w, [minn, maxn]) => {
        const grams = fasttextNgrams(w, { minn, maxn });
        const L = codePoints(`<${w}>`);
        const wholeEmitted = L >= minn && L <= maxn;
        const expected = Array.from({ length: L }, (_, i) => Math.max(0, Math.min(maxn, L - i) - minn + 1)).reduce((a, b) => a + b, 0);
        assert.equal(grams.length, expected + (wholeEmitted ? 0 : 1));
        const body = wholeEmitted ? grams : grams.slice(0, -1);
        for (const g of body) assert.ok(codePoints(g) >= minn && codePoints(g) <= maxn, g);
        for (const g of grams) assert.ok(wellFormed(g), `lone surrogate in ${JSON.stringify(g)}`);
        assert.ok(grams.includes(`<${w}>`));
      }),
    );
  });

  it('rejects minn > maxn or minn < 1', () => {
    assert.throws(() => fasttextNgrams('word', { minn: 4, maxn: 3 }), /1 ≤ minn ≤ maxn/);
    assert.throws(() => fasttextNgrams('word', { minn: 0, maxn: 3 }), /minn=0/);
  });

  it('hashes with 32-bit FNV-1a over UTF-8 bytes', () => {
    // Published FNV-1a test vectors.
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
    assert.deepEqual(utf8Bytes('aï€😀'), [0x61, 0xc3, 0xaf, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });
});
