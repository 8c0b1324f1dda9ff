import assert from 'node:assert/strict';
import { SubwordTable } from '../../../engine/text/fasttext';
import { fasttextNgrams } from '../../../engine/text/fasttext_ngrams';
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
});
