import * as assert from 'node:assert/strict';
import { LIMITS } from '../../../engine/limits';
import type { TensorPlot } from '../../../engine/protocol';
import { pinTarget, Pins } from '../../../extension/views/pins';

describe('pinned tensors (View in Backstep)', () => {
  it('are kept in pinning order, at most pinnedTensors of them: one more unpins the oldest', () => {
    const pins = new Pins();
    const names = Array.from({ length: LIMITS.pinnedTensors.max }, (_, i) => `x${i}`);
    for (const n of names) assert.equal(pins.pin(n), null);
    assert.equal(pins.pin('x0'), null, 'pinning one again moves it last, it is not a second pin');
    assert.deepEqual(pins.list, [...names.slice(1), 'x0']);
    assert.equal(pins.pin('y'), 'x1');
    assert.equal(pins.list.length, LIMITS.pinnedTensors.max);
    pins.unpin('y');
    pins.unpin('not pinned');
    assert.deepEqual(pins.list, [...names.slice(2), 'x0']);
  });

  it('are drawn at each stop by the session; one it refuses is drawn as its error', async () => {
    const pins = new Pins();
    pins.pin('hidden.W');
    pins.pin('nope');
    const plot = (expression: string): Promise<TensorPlot> => (expression === 'nope' ? Promise.reject(new Error('unknown name nope')) : Promise.resolve({ kind: 'number', expression, value: 1 }));
    assert.deepEqual(await pins.load(plot), [
      { kind: 'number', expression: 'hidden.W', value: 1 },
      { kind: 'failed', expression: 'nope', message: 'unknown name nope' },
    ]);
  });

  it('take the expression of a Variables row (evaluateName), a Watch item (its name) or a string; nothing else', () => {
    assert.equal(pinTarget({ container: { name: 'Layer', variablesReference: 3 }, variable: { name: '[0]', value: '…', evaluateName: 'hidden.W[0]', variablesReference: 7 } }), 'hidden.W[0]');
    assert.equal(pinTarget({ sessionId: 's', variable: { name: 'grad(out.W)', value: '…', variablesReference: 9 } }), 'grad(out.W)');
    assert.equal(pinTarget(' memory.W_f '), 'memory.W_f');
    for (const none of [undefined, null, 3, '', { container: {}, variable: { name: 'error', value: 'x', variablesReference: 0 } }, { variable: { name: 'x'.repeat(600) } }, {}]) assert.equal(pinTarget(none), null, JSON.stringify(none)?.slice(0, 60));
  });
});
