import assert from 'node:assert/strict';
import { checkModel } from '../../../engine/model/check';
import { buildDataSet } from '../../../engine/model/dataset';
import { dataFileRefs, type DataFiles } from '../../../engine/model/files';
import { utf8 } from '../data/files/support';

/** Text files in the checker (model/data-files.ts → data/files/corpus.ts, pairs.ts). */
const files = (entries: Record<string, Uint8Array>): DataFiles => new Map(Object.entries(entries).map(([k, v]) => [k, { ok: true as const, bytes: v }]));

const CORPUS = 'the king rules the land\nthe queen rules the land\n';
const WORD2VEC = (data: string[], window = 2) =>
  ['name: t', 'data:', ...data.map((l) => `  ${l}`), 'model:', `  - word2vec: { name: w2v, dim: 4, window: ${window}, negatives: 2 }`, 'training: { steps: 2 }', ''].join('\n');
const LM = (data: string[], training = '{ steps: 2 }') =>
  ['name: t', 'data:', ...data.map((l) => `  ${l}`), 'model:', '  - embedding: { dim: 4 }', '  - lstm: { hidden: 4 }', '  - linear: { out: 5 }', 'loss: cross_entropy', `training: ${training}`, ''].join('\n');

describe('model/data-files: text files in the checker', () => {
  it('names the text file as a data file: `text: <path>` (a list stays inline sentences) and `pairs: <path>`', () => {
    assert.deepEqual(dataFileRefs(WORD2VEC(['text: corpus.txt'])).map((r) => r.path), ['corpus.txt']);
    assert.deepEqual(dataFileRefs(WORD2VEC(['text: ["the king"]'])), []);
    assert.deepEqual(dataFileRefs(LM(['pairs: pairs.tsv'])).map((r) => r.path), ['pairs.tsv']);
  });

  it('trains word2vec on a corpus file: the `text` field, its sentences built from what was read', () => {
    const result = checkModel(WORD2VEC(['text: corpus.txt', 'min_count: 2']), { files: files({ 'corpus.txt': utf8(CORPUS) }) });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.model!.data.fields.text.classes, 3);
    assert.deepEqual(result.model!.data.notes, ['corpus.txt: 2 lines; text: 3 words of 5 distinct']);
    const set = buildDataSet(result.model!.spec.data, 1);
    assert.deepEqual(set.fields.text, { kind: 'text', sentences: [['the', 'rules', 'the', 'land'], ['the', 'rules', 'the', 'land']], leftOut: ['king', 'queen'] });
  });

  it('counts word2vec\'s training pairs in a corpus file before allocating (model/corpus-budget.ts)', () => {
    const long = `${Array.from({ length: 3000 }, (_, i) => `w${i % 50}`).join(' ')}\n`.repeat(200);
    const [d] = checkModel(WORD2VEC(['text: corpus.txt'], 100), { files: files({ 'corpus.txt': utf8(long) }) }).diagnostics;
    assert.equal(d.code, 'E_BUDGET');
    // 200 lines of n = 3000 words, m = 100: 200 · 2 (m·n − m(m+1)/2) = 200 · 589,900 skip-gram pairs.
    assert.match(d.message, /`window: 100` cuts 117,980,000 training examples from the corpus/);
    assert.equal(d.line, 5);
  });

  it('gives a language model x and y with the vocabulary, and checks the output width against it', () => {
    const text = LM(['text: c.txt', 'tokens: char', 'length: 3']);
    const result = checkModel(text, { files: files({ 'c.txt': utf8('abcdeabcde') }) });
    assert.deepEqual(result.diagnostics, []);
    const set = buildDataSet(result.model!.spec.data, 1);
    assert.ok(set.fields.x.kind === 'index');
    assert.deepEqual(set.fields.x.vocab, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(set.fields.x.tensor.shape, [3, 3]);
  });

  it('locates a bad text file at the model line that names it, with the file\'s line and column', () => {
    const [d] = checkModel(LM(['text: c.txt', 'tokens: char', 'length: 3']), { files: files({ 'c.txt': new Uint8Array([0x61, 0x0a, 0x62, 0xff]) }) }).diagnostics;
    assert.deepEqual({ code: d.code, line: d.line, column: d.column }, { code: 'E_DATA', line: 3, column: 9 });
    assert.equal(d.message, 'c.txt, line 2, column 2: the file is not UTF-8 text (byte 4); save it as UTF-8');
    const [ragged] = checkModel(LM(['pairs: p.tsv']), { files: files({ 'p.tsv': utf8('a b\tc d\ne f\n') }) }).diagnostics;
    assert.deepEqual({ code: ragged.code, line: ragged.line }, { code: 'E_DATA', line: 3 });
    assert.equal(ragged.message, 'p.tsv, line 2, column 4: the line has no tab: a pair is the source sentence, a tab, and the target sentence');
  });

  it('refuses a text file\'s keys without a text file, and `generate` without a language model\'s data', () => {
    const [stray] = checkModel(LM(['text: ["a b"]', 'tokens: char'])).diagnostics;
    assert.deepEqual({ code: stray.code, line: stray.line, message: stray.message }, { code: 'E_UNKNOWN_KEY', line: 4, message: '`tokens` belongs to a text file: it needs `text: <file>` in `data`' });
    const noLm = checkModel(LM(['text: c.txt', 'tokens: char'], '{ steps: 2, generate: { every: 1 } }'), { files: files({ 'c.txt': utf8('abcde') }) }).diagnostics;
    assert.ok(noLm.some((d) => d.code === 'E_VALUE' && /`generate` writes text with a language model/.test(d.message)), JSON.stringify(noLm));
  });
});
