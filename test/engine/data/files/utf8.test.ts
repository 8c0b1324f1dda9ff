import assert from 'node:assert/strict';
import { DataFileError } from '../../../../engine/data/files/problem';
import { utf8Text } from '../../../../engine/data/files/utf8';
import { utf8 } from './support';

function whereOf(f: () => unknown): DataFileError['where'] {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DataFileError);
    assert.match(e.message, /not UTF-8 text/);
    return e.where;
  }
  assert.fail('no error');
}

describe('data/files/utf8: bytes as UTF-8 text', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    assert.equal(utf8Text(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('né')])), 'né');
  });

  it('locates the first bad byte at its line; for plain text also its column, counted in characters', () => {
    // "ab\n€é" then a lone continuation byte: line 2, after 2 characters (5 bytes) → column 3.
    const bytes = new Uint8Array([...utf8('ab\n€é'), 0x80]);
    assert.deepEqual(whereOf(() => utf8Text(bytes)), { line: 2 });
    assert.deepEqual(whereOf(() => utf8Text(bytes, true)), { line: 2, column: { index: 3 } });
  });
});
