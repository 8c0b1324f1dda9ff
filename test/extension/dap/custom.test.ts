import { strict as assert } from 'node:assert';
import { CUSTOM_REQUESTS, isCustomRequest, readCustomRequest, SLICE_LIMIT } from '../../../extension/dap/custom';
import { UserError } from '../../../extension/dap/errors';
import { VIEW_COMMANDS } from '../../../engine/session/commands';

describe('custom DAP requests', () => {
  it('are the session commands the views ask for, with the backstep. prefix', () => {
    assert.deepEqual(CUSTOM_REQUESTS, VIEW_COMMANDS.map((c) => `backstep.${c}`));
    assert.ok(isCustomRequest('backstep.inspector'));
    for (const name of ['backstep.stackTrace', 'backstep.toString', 'inspector', 'goto']) assert.equal(isCustomRequest(name), false, name);
  });

  it('stand for the session request with the same arguments', () => {
    assert.deepEqual(readCustomRequest('backstep.graph', undefined), { command: 'graph' });
    assert.deepEqual(readCustomRequest('backstep.goto', { trainingStep: 4 }), { command: 'goto', trainingStep: 4 });
    assert.deepEqual(readCustomRequest('backstep.tensorSlice', { name: 'fc1.W', start: 2, count: 3 }), { command: 'tensorSlice', name: 'fc1.W', start: 2, count: 3 });
    assert.deepEqual(readCustomRequest('backstep.tensorPlot', { expression: 'grad(fc1.W)' }), { command: 'tensorPlot', expression: 'grad(fc1.W)' });
  });

  it('refuse wrong arguments at the door with a user error naming the request', () => {
    const wrong: [Parameters<typeof readCustomRequest>[0], unknown][] = [
      ['backstep.goto', { trainingStep: 0 }],
      ['backstep.goto', { trainingStep: '3' }],
      ['backstep.tensorSlice', { name: 'x', start: -1, count: 2 }],
      ['backstep.tensorSlice', { name: 'x', start: 0, count: SLICE_LIMIT + 1 }],
      ['backstep.tensorSlice', { start: 0, count: 1 }],
      ['backstep.tensorPlot', {}],
      ['backstep.tensorPlot', { expression: '  ' }],
      ['backstep.tensorPlot', { expression: 'x'.repeat(10_001) }],
    ];
    for (const [name, args] of wrong) assert.throws(() => readCustomRequest(name, args), (e: unknown) => e instanceof UserError && e.message.includes(name), JSON.stringify(args));
  });
});
