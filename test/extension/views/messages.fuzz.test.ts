import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWebviewToHost, type WebviewToHost } from '../../../engine/protocol/webview';
import { routeWebviewMessage, type Handlers } from '../../../extension/views/messages';

/** Valid messages of every kind, the seeds that mutations start from. */
const VALID: readonly WebviewToHost[] = [
  { type: 'ready', view: 'inspector' },
  { type: 'reveal', node: 'memory/t3/gate_f', layer: 'memory' },
  { type: 'select', node: 'data.x', layer: null },
  { type: 'slice', requestId: 3, name: 'memory/t3/gate_f', start: 0, count: 128 },
  { type: 'command', command: 'stepBack' },
  { type: 'unpin', expression: 'grad(hidden.W)' },
  { type: 'surface', requestId: 4, ask: 'landscape', size: 41 },
];

/** A valid message with one field replaced by anything, removed, or one field added. */
const mutated = fc.tuple(fc.constantFrom(...VALID), fc.string({ maxLength: 12 }), fc.anything(), fc.nat(2)).map(([m, key, value, how]) => {
  const fields = Object.keys(m);
  const field = how === 2 ? key : fields[key.length % fields.length];
  const copy: Record<string, unknown> = { ...m };
  if (how === 1) delete copy[field];
  else copy[field] = value;
  return copy;
});

/** What each handler may rely on once a message is through the door. */
function wellTyped(m: WebviewToHost): boolean {
  switch (m.type) {
    case 'ready':
      return m.view === 'inspector' || m.view === 'graph';
    case 'reveal':
    case 'select':
      return typeof m.node === 'string' && (m.layer === null || typeof m.layer === 'string');
    case 'slice':
      return [m.requestId, m.start, m.count].every((n) => Number.isInteger(n) && n >= 0) && typeof m.name === 'string';
    case 'command':
      return ['stepOver', 'stepIn', 'stepOut', 'stepBack', 'continue'].includes(m.command);
    case 'unpin':
      return typeof m.expression === 'string' && m.expression.length > 0;
    case 'surface':
      return Number.isInteger(m.requestId) && ['race', 'landscape', 'cancelLandscape'].includes(m.ask) && (m.size === undefined || (Number.isInteger(m.size) && m.size >= 2 && m.size <= 201));
  }
}

describe('Messages from a webview, fuzzed (seeded): the door never throws and lets through only what handlers can trust', () => {
  it('random values and mutated valid messages: routed exactly when valid, well typed when routed, logged otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), mutated), (raw) => {
        const routed: WebviewToHost[] = [];
        const errors: string[] = [];
        const record = (m: WebviewToHost): void => void routed.push(m);
        const handlers: Handlers = { ready: record, reveal: record, select: record, slice: record, command: record, unpin: record, surface: record };
        const ok = routeWebviewMessage(raw, handlers, { error: (e) => void errors.push(e) }, 'inspector');
        assert.equal(ok, isWebviewToHost(raw));
        assert.equal(routed.length + errors.length, 1, 'each message is either routed once or logged once');
        for (const m of routed) assert.ok(wellTyped(m), `routed a message a handler cannot trust: ${JSON.stringify(m)}`);
        for (const e of errors) assert.ok(e.length <= 400, 'the log line is bounded however large the message');
      }),
      { seed: 1213, numRuns: 2_000 },
    );
  });
});
