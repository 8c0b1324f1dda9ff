import assert from 'node:assert/strict';
import { FastText } from '../../../engine/layers/fasttext';
import { Rng } from '../../../engine/random';
import { composedVectors, SubwordTable } from '../../../engine/text/fasttext';
import { fasttextNgrams, fnv1a } from '../../../engine/text/fasttext_ngrams';
import { Vocabulary } from '../../../engine/text/vocab';

describe('fastText subword rows', () => {
  const vocab = Vocabulary.fromText('walk walked walking table');
  const table = new SubwordTable(vocab, { buckets: 50 });

  it('has one row per word and one per bucket', () => {
    assert.equal(table.rows, vocab.size + 50);
  });

  it('a known word: its own row, then one bucket row per n-gram (duplicates kept)', () => {
    const rows = table.rowsOf('walked');
    assert.equal(rows[0], vocab.id('walked'));
    assert.equal(rows.length, 1 + fasttextNgrams('walked').length);
    for (const r of rows.slice(1)) assert.ok(r >= vocab.size && r < table.rows);
  });

  it('an unseen word: bucket rows only, shared with every word that has the same n-gram', () => {
    const rows = table.rowsOf('walks');
    assert.ok(rows.every((r) => r >= vocab.size));
    assert.ok(table.rowsOf('walk').includes(table.ngramRow('<wal')));
    assert.ok(rows.includes(table.ngramRow('<wal')));
  });

  it('rejects a bucket count that is not a positive integer', () => {
    assert.throws(() => new SubwordTable(vocab, { buckets: 0 }), /buckets must be a positive integer/);
  });

  describe('the vocabulary’s word vectors', () => {
    const d = 4;
    const rand = ((seed) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646)(7);
    const E = Float64Array.from({ length: table.rows * d }, () => rand() - 0.5);

    it('each is the mean of the word’s own row and its n-gram bucket rows (duplicates counted), as fastText defines it', () => {
      const got = table.vocabularyVectors(E, d);
      assert.equal(got.length, vocab.size * d);
      vocab.words.forEach((w, i) => {
        // Written out here from the definition: row i, then row V + FNV-1a(g) mod buckets per n-gram g of <w>.
        const rows = [i, ...fasttextNgrams(w, { minn: 3, maxn: 6 }).map((g) => vocab.size + (fnv1a(g) % 50))];
        for (let j = 0; j < d; j++) {
          const mean = rows.reduce((s, r) => s + E[r * d + j], 0) / rows.length;
          assert.ok(Math.abs(got[i * d + j] - mean) <= 1e-14, `${w}[${j}]: ${got[i * d + j]} vs ${mean}`);
        }
      });
    });

    it('is the vector the fastText layer gives a word (FastText.wordVector), for every word', () => {
      const layer = new FastText('ft', table, { dim: d }, new Rng(1));
      const E2 = layer.params.get('E')!;
      const got = table.vocabularyVectors(E2.data, d);
      vocab.words.forEach((w, i) => layer.wordVector(w).forEach((x, j) => assert.ok(Math.abs(got[i * d + j] - x) <= 1e-14)));
    });

    it('the first `count` words only; the same numbers from the plain function given the words and settings', () => {
      const two = composedVectors(E, d, vocab.words, { buckets: 50, minn: 3, maxn: 6 }, 2);
      assert.deepEqual(Array.from(two), Array.from(table.vocabularyVectors(E, d).subarray(0, 2 * d)));
    });

    it('rejects an input matrix whose size is not (words + buckets) × dim, and a bad bucket count', () => {
      assert.throws(() => composedVectors(E.subarray(d), d, vocab.words, { buckets: 50 }), /E hold .* not \(4 words \+ 50 buckets\) × 4/);
      assert.throws(() => composedVectors(E, d, vocab.words, { buckets: 0 }), /buckets must be a positive integer/);
    });
  });
});
