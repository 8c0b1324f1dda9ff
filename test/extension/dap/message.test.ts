import { strict as assert } from 'node:assert';
import { readMessage } from '../../../extension/dap/message';

describe('DAP messages as they arrive', () => {
  it('a request and a response pass as they are', () => {
    const request = { seq: 3, type: 'request', command: 'threads' };
    assert.deepEqual(readMessage(request), { kind: 'request', request });
    const response = { seq: 4, type: 'response', request_seq: 1, command: 'runInTerminal', success: true };
    assert.deepEqual(readMessage(response), { kind: 'response', response });
  });

  it('what is not an object is reported, saying what it was', () => {
    for (const [value, got] of [[null, 'null'], [42, 'number'], ['x', 'string'], [[1], 'an array']] as const) {
      const read = readMessage(value);
      assert.equal(read.kind, 'invalid');
      assert.ok(read.kind === 'invalid' && read.problem.endsWith(`got ${got}`) && !read.answer, String(value));
    }
  });

  it('a message of another type, or a request without a seq, cannot be answered', () => {
    for (const value of [{ seq: 1, type: 'event', event: 'stopped' }, { seq: 1, command: 'threads' }, { type: 'request', command: 'threads' }, { seq: '1', type: 'request', command: 'threads' }]) {
      const read = readMessage(value);
      assert.ok(read.kind === 'invalid' && !read.answer, JSON.stringify(value));
    }
  });

  it('a request with a seq but no command is answered, to the seq it came with', () => {
    for (const command of [undefined, 42, '']) {
      const read = readMessage({ seq: 9, type: 'request', command });
      assert.ok(read.kind === 'invalid');
      assert.deepEqual(read.answer, { seq: 9, command: typeof command === 'string' ? command : '' });
      assert.match(read.problem, /`command` must be the name of the request/);
    }
  });
});
