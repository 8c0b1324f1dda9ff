import assert from 'node:assert/strict';
import { dict, own } from '../../engine/dict';

describe('records keyed by user text', () => {
  it('hold words that name Object.prototype properties like any other key', () => {
    const d = dict<number>([['a', 1]]);
    assert.equal(d.constructor, undefined);
    assert.equal(d.toString, undefined);
    assert.equal('hasOwnProperty' in d, false);
    d.__proto__ = 2;
    d.constructor = 3 as never;
    assert.deepEqual(Object.keys(d), ['a', '__proto__', 'constructor']);
    assert.equal(d.__proto__, 2);
  });

  it('read a table written as a literal by its own keys only', () => {
    const table: Record<string, string> = { name: 'n' };
    assert.equal(own(table, 'name'), 'n');
    for (const word of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) assert.equal(own(table, word), undefined, word);
  });
});
