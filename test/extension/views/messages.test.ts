import * as assert from 'node:assert/strict';
import { routeWebviewMessage, type Handlers } from '../../../extension/views/messages';

function recorder(): { handlers: Handlers; got: unknown[] } {
  const got: unknown[] = [];
  const record = (m: unknown): void => void got.push(m);
  return { got, handlers: { ready: record, reveal: record, select: record, slice: record, command: record, unpin: record, surface: record } };
}

describe('Messages from a webview: validated, malformed ones dropped and logged', () => {
  it('passes each valid message to its handler', () => {
    const { handlers, got } = recorder();
    const log = { error: (m: string) => assert.fail(m) };
    const valid = [
      { type: 'ready', view: 'graph' },
      { type: 'reveal', node: 'memory/t3/gate_f', layer: 'memory' },
      { type: 'select', node: 'data.x', layer: null },
      { type: 'slice', requestId: 3, name: 'memory/t3/gate_f', start: 0, count: 128 },
      { type: 'command', command: 'stepBack' },
      { type: 'unpin', expression: 'hidden.W' },
      { type: 'surface', requestId: 2, ask: 'race' },
    ];
    for (const m of valid) assert.equal(routeWebviewMessage(m, handlers, log, 'inspector'), true);
    assert.deepEqual(got, valid);
  });

  it('drops anything else, logging which webview sent what', () => {
    const { handlers, got } = recorder();
    const errors: string[] = [];
    const log = { error: (m: string) => void errors.push(m) };
    const bad = [null, 7, 'ready', { type: 'ready', view: 'editor' }, { type: 'reveal' }, { type: 'reveal', node: 'memory/t3/gate_f' }, { type: 'select', node: 'layer:memory', layer: 3 }, { type: 'slice', requestId: -1, name: 'x', start: 0, count: 1 }, { type: 'slice', requestId: 1, name: 'x', start: 0, count: 1e6 }, { type: 'command', command: 'rm -rf' }, { type: 'eval', code: '1' }];
    for (const m of bad) assert.equal(routeWebviewMessage(m, handlers, log, 'graph'), false);
    assert.deepEqual(got, []);
    assert.equal(errors.length, bad.length);
    assert.match(errors[9], /graph webview.*rm -rf/);
  });
});
