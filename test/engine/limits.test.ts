import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LIMITS } from '../../engine/limits';
import type { AttrTable } from '../../engine/model/attrs';
import { count, DEFAULT_BUDGET } from '../../engine/model/budget';
import { LAYER_KINDS } from '../../engine/model/catalog';
import { TASKS } from '../../engine/model/catalog/data';
import { CLIP_ATTRS, OPTIMIZERS, SCHEDULES, TRAINING_ATTRS } from '../../engine/model/catalog/training';
import { checkModel } from '../../engine/model/check';
import { exampleCount, ngramCounts } from '../../engine/model/corpus-budget';
import { fasttextNgrams } from '../../engine/text/fasttext_ngrams';
import { cbowExamples, skipGramPairs } from '../../engine/text/windows';

/** The limits a model file meets before anything is built: bounded settings, layers, and the embedding models' hidden costs. */

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

describe('the table of limits', () => {
  it('is what the README states, limit by limit, and the README states no other', () => {
    for (const limit of Object.values(LIMITS)) {
      assert.ok(README.includes(`| \`${limit.name}\` | ${count(limit.max)} ${limit.unit} |`), `README lacks the row of ${limit.name}`);
    }
    const section = README.slice(README.indexOf('## Limits'), README.indexOf('\n## ', README.indexOf('## Limits') + 1));
    const rows = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(rows, Object.keys(LIMITS), 'the README lists the limits in the table\'s order, each once');
    for (const n of Object.values(DEFAULT_BUDGET)) assert.ok(README.replace(/\n/g, ' ').includes(count(n)), `README lacks the budget ${count(n)}`);
  });

  it('names each limit by its key', () => {
    for (const [key, limit] of Object.entries(LIMITS)) assert.equal(limit.name, key);
  });
});

function word2vec(settings: string, training = 'training: { steps: 3 }'): string {
  return `data: { task: corpus }\nmodel:\n  - word2vec: { name: w2v, ${settings} }\n${training}\n`;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('limits on model files', () => {
  it('every integer setting with a lower bound (a size, a count) has an upper bound in the catalogue', () => {
    const tables: [string, AttrTable][] = [
      ...LAYER_KINDS.map((k): [string, AttrTable] => [k.kind, k.attrs]),
      ...TASKS.map((t): [string, AttrTable] => [`task ${t.task}`, t.attrs]),
      ...[...OPTIMIZERS, ...SCHEDULES].map((k): [string, AttrTable] => [k.kind, k.attrs]),
      ['training', TRAINING_ATTRS],
      ['clip', CLIP_ATTRS],
    ];
    const unbounded = tables.flatMap(([owner, table]) =>
      Object.entries(table)
        .filter(([, def]) => (def.type.kind === 'int' || def.type.kind === 'int_list') && def.type.min !== undefined && def.type.max === undefined)
        .map(([key]) => `${owner}.${key}`),
    );
    assert.deepEqual(unbounded, []);
  });

  it('a huge word2vec `negatives` is an error at the value naming the setting and its bound, not a crash in run', () => {
    const text = word2vec('negatives: 99999999999999999999');
    const { diagnostics, model } = checkModel(text);
    assert.equal(model, null);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const d = diagnostics[0];
    assert.deepEqual([d.code, d.line, d.column], ['E_VALUE', 3, text.split('\n')[2].indexOf('9999') + 1]);
    assert.match(d.message, new RegExp(`\`negatives\` of word2vec layer "w2v" must be an integer in \\[1, ${LIMITS.negatives.max}\\]`));
  });

  it(`a model of more than ${count(LIMITS.layers.max)} layers is one error at the first layer over the limit`, () => {
    const layers = Array.from({ length: LIMITS.layers.max + 1 }, (_, i) => `  - linear: { out: ${i === LIMITS.layers.max ? 1 : 2} }`);
    const text = ['data: { task: xor }', 'model:', ...layers, 'loss: mse', ''].join('\n');
    const { diagnostics } = checkModel(text);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.slice(0, 3)));
    assert.deepEqual([diagnostics[0].code, diagnostics[0].line, diagnostics[0].column], ['E_BUDGET', 3 + LIMITS.layers.max, 5]);
    assert.ok(diagnostics[0].message.includes(`the limit \`layers\` is ${count(LIMITS.layers.max)}`), diagnostics[0].message);
    const atLimit = ['data: { task: xor }', 'model:', ...layers.slice(1), 'loss: mse', ''].join('\n');
    assert.deepEqual(checkModel(atLimit).diagnostics, [], 'exactly the limit is allowed');
  });

  it('an mlp with more hidden layers than the limit is an error at its `hidden` list', () => {
    const hidden = Array.from({ length: LIMITS.mlpLayers.max + 1 }, () => 2).join(', ');
    const text = `data: { task: xor }\nmodel:\n  - mlp: { hidden: [${hidden}], out: 1 }\nloss: mse\n`;
    const { diagnostics } = checkModel(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'E_VALUE');
    assert.equal(diagnostics[0].column, text.split('\n')[2].indexOf('[') + 1);
    assert.ok(diagnostics[0].message.includes(`at most ${LIMITS.mlpLayers.max} entries`), diagnostics[0].message);
  });
});

describe('the embedding models\' budget, before the trainer allocates', () => {
  it('the rows one word2vec step looks up (batch × (centre + word + negatives) × dim) count against the budget, at `negatives`', () => {
    const text = word2vec(`dim: 1000, negatives: ${LIMITS.negatives.max}`, 'training: { steps: 3, batch_size: 100 }');
    const { diagnostics } = checkModel(text);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.deepEqual([diagnostics[0].code, diagnostics[0].line], ['E_BUDGET', lineOf(text, 'negatives')]);
    assert.equal(diagnostics[0].column, text.split('\n')[2].indexOf(`${LIMITS.negatives.max} }`) + 1);
    const rows = 100 * (2 + LIMITS.negatives.max);
    assert.ok(diagnostics[0].message.includes(`${rows.toLocaleString('en-US')} word vectors of width 1000`), diagnostics[0].message);
  });

  it('the training pairs a window cuts from the corpus count against the data budget, at `window`', () => {
    const text = word2vec('window: 10');
    const small = { ...DEFAULT_BUDGET, dataElements: 200 };
    const { diagnostics } = checkModel(text, { budget: small });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.deepEqual([diagnostics[0].code, diagnostics[0].line, diagnostics[0].column], ['E_BUDGET', 3, text.split('\n')[2].indexOf('10') + 1]);
    assert.match(diagnostics[0].message, /`window: 10` cuts [\d,]+ training examples from the corpus; the budget is 200/);
  });

  it('GloVe scores every co-occurrence pair in one step by default: pairs × dim count against the tensor budget', () => {
    const text = 'data: { task: corpus }\nmodel:\n  - glove: { dim: 10 }\ntraining: { steps: 3 }\n';
    assert.deepEqual(checkModel(text).diagnostics, []);
    const { diagnostics } = checkModel(text, { budget: { ...DEFAULT_BUDGET, tensorElements: 1000 } });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'E_BUDGET');
    assert.match(diagnostics[0].message, /glove layer "glove1": one step looks up [\d,]+ word vectors of width 10/);
  });

  it('fastText\'s character n-grams of the vocabulary count against the data budget, at `maxn`', () => {
    const text = 'data: { text: ["abcdefghij klmnop qrs"] }\nmodel:\n  - fasttext: { minn: 3, maxn: 6 }\ntraining: { steps: 3 }\n';
    assert.deepEqual(checkModel(text).diagnostics, []);
    const { diagnostics } = checkModel(text, { budget: { ...DEFAULT_BUDGET, dataElements: 50 } });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.deepEqual([diagnostics[0].code, diagnostics[0].line, diagnostics[0].column], ['E_BUDGET', 3, text.split('\n')[2].indexOf('6 }') + 1]);
    const expected = ['abcdefghij', 'klmnop', 'qrs'].reduce((s, w) => s + fasttextNgrams(w, { minn: 3, maxn: 6 }).length, 0);
    assert.ok(diagnostics[0].message.includes(`the vocabulary has ${expected} character n-grams`), diagnostics[0].message);
  });

  it('the n-gram count matches the n-grams fastText forms, for any word and lengths', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 8 }), (word, minn, extra) => {
        const maxn = minn + extra;
        const n = fasttextNgrams(word, { minn, maxn }).length;
        assert.deepEqual(ngramCounts([Array.from(word).length], minn, maxn), { total: n, most: n });
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('the example count matches the pairs and CBOW examples the trainer cuts, for any sentence lengths and window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }), fc.integer({ min: 1, max: 12 }), (lengths, window) => {
        const sentences = lengths.map((n) => Array.from({ length: n }, (_, i) => i));
        const pairs = sentences.reduce((s, ids) => s + skipGramPairs(ids, { window }).length, 0);
        const cbow = sentences.reduce((s, ids) => s + cbowExamples(ids, { window }).length, 0);
        assert.equal(exampleCount('word2vec', 'skipgram', lengths, window, 100), pairs);
        assert.equal(exampleCount('fasttext', undefined, lengths, window, 100), pairs);
        assert.equal(exampleCount('word2vec', 'cbow', lengths, window, 100), cbow);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});
