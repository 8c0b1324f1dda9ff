import assert from 'node:assert/strict';
import { readPairs } from '../../../../engine/data/files/pairs';
import { DataFileError } from '../../../../engine/data/files/problem';
import { utf8 } from './support';

const TSV = 'I see the dog.\tIch sehe den Hund.\tCC-BY 2.0 (France) Attribution: tatoeba.org\n\nyou see\tdu siehst\n';

function failsAt(text: string, line: number, column: number, message: RegExp): void {
  assert.throws(
    () => readPairs(utf8(text), 1e6),
    (e: unknown) => e instanceof DataFileError && e.where.line === line && e.where.column?.index === column && message.test(e.message),
  );
}

describe('data/files/pairs: tab-separated sentence pairs', () => {
  it('makes source, target and target_in of the pairs, words lower-cased, further columns and blank lines left out', () => {
    const t = readPairs(utf8(TSV), 1e6);
    const ids = (name: string) => {
      const f = t.fields[name];
      assert.ok(f.kind === 'index');
      return { words: [...f.values].map((v) => f.vocab![v]), shape: f.shape };
    };
    assert.deepEqual(ids('source'), { words: ['i', 'see', 'the', 'dog', 'you', 'see', '<pad>', '<pad>'], shape: [2, 4] });
    assert.deepEqual(ids('target').words.slice(0, 5), ['ich', 'sehe', 'den', 'hund', '<eos>']);
    assert.deepEqual(ids('target_in').words.slice(5), ['<bos>', 'du', 'siehst', '<pad>', '<pad>']);
    assert.deepEqual({ input: t.input, target: t.target }, { input: 'source', target: 'target' });
  });

  it('refuses a line without a tab at its end, and a side without words where it starts', () => {
    failsAt('a b\tc\nd e f\n', 2, 6, /the line has no tab/);
    failsAt('a\tb\n  \tc\n', 2, 1, /the source sentence \(before the tab\) has no words/);
    failsAt('a\tb\nc\t...\n', 2, 3, /the target sentence \(after the tab\) has no words/);
  });

  it('refuses bytes that are not UTF-8 at their line and column, and pairs over the data budget', () => {
    assert.throws(() => readPairs(new Uint8Array([...utf8('a\tb\nc\t'), 0xc3, 0x28]), 1e6), (e: unknown) => e instanceof DataFileError && e.where.line === 2 && e.where.column?.index === 3);
    assert.throws(() => readPairs(utf8(TSV), 10), (e: unknown) => e instanceof DataFileError && e.overBudget && /would hold 28 numbers/.test(e.message));
  });
});
