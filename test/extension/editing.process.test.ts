import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { join } from 'node:path';
import { startAdapter } from './support/builtAdapter';

/**
 * Set Value over DAP (setVariable, setExpression), with `node dist/debugAdapter.js` and the real
 * engine session in its worker: a parameter edit moves the loss as finite differences predict, Step
 * Back undoes it, Restart clears it and says so, bad requests are error responses and the session
 * goes on answering. The client declares `supportsInvalidatedEvent`, as VS Code does.
 */
const program = join(__dirname, '..', '..', 'samples', 'mlp-xor.nn.yaml');

describe('debug adapter process: editing values', function () {
  this.timeout(30_000);
  let dc: DebugClient;
  let output: string[];

  beforeEach(async () => {
    dc = await startAdapter();
    output = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    const init = await dc.initializeRequest({ adapterID: 'backstep', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsInvalidatedEvent: true });
    assert.equal(init.body?.supportsSetVariable, true);
    assert.equal(init.body?.supportsSetExpression, true);
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments), dc.waitForEvent('stopped')]);
  });

  afterEach(async () => {
    await dc.stop();
  });

  async function move(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function shown(expression: string): Promise<string> {
    return (await dc.evaluateRequest({ expression, context: 'watch' })).body.result;
  }

  /**
   * A number to about 12 digits, though a value is shown with 6: the shown value, plus what the
   * engine computes as the difference between the value and it.
   */
  async function exact(expression: string): Promise<number> {
    const first = parse(await shown(`sum(${expression})`));
    return first + parse(await shown(`sum(${expression}) - ${first}`));
  }

  function parse(text: string): number {
    const n = Number(text.replaceAll('−', '-'));
    assert.ok(Number.isFinite(n), `not a number: ${text}`);
    return n;
  }

  /** Steps over layers to hidden's backward pass, then into its last op: grad(hidden.W) is complete there. */
  async function toEndOfBackward(): Promise<void> {
    let stopped: DebugProtocol.StoppedEvent;
    do stopped = await move(dc.nextRequest({ threadId: 1 }));
    while (!/^Step 1, backward › hidden/.test(stopped.body.description ?? ''));
    await move(dc.stepInRequest({ threadId: 1 }));
    stopped = await move(dc.nextRequest({ threadId: 1 }));
    assert.match(stopped.body.description ?? '', /^Step 1, backward › hidden: hidden\/xW/);
  }

  /** DebugClient has no method for setExpression. */
  function setExpression(args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.SetExpressionResponse> {
    return dc.customRequest('setExpression', args) as Promise<DebugProtocol.SetExpressionResponse>;
  }

  it('hidden.W[0, 0] + h moves the loss by h·∂L/∂W[0, 0]; Step Back undoes the edit', async () => {
    await toEndOfBackward();
    const w = await exact('hidden.W[0, 0]');
    const g = await exact('grad(hidden.W)[0, 0]');
    const loss = await exact('loss');
    assert.ok(Math.abs(g) > 1e-4, `∂L/∂W[0, 0] = ${g} is too small to check against`);
    const h = 1e-3;
    const [answer, invalidated] = await Promise.all([setExpression({ expression: 'hidden.W[0, 0]', value: `hidden.W[0, 0] + ${h}` }), dc.waitForEvent('invalidated')]);
    assert.deepEqual((invalidated as DebugProtocol.InvalidatedEvent).body.areas, ['variables']);
    assert.match(answer.body.value, /\d/);
    assert.ok(Math.abs((await exact('hidden.W[0, 0]')) - (w + h)) < 1e-10);
    // Taylor: ΔL = h·L'(w) + h²/2·L''(ξ) with |L''| < 2 for this net, so |ΔL − h·g| < h² (the readings add ~1e-12).
    const moved = (await exact('loss')) - loss;
    assert.ok(Math.abs(moved - h * g) < h * h, `ΔL = ${moved}, h·∂L/∂w = ${h * g}`);
    assert.ok(output.some((t) => t.startsWith(`Edit at step 1: hidden.W[0, 0] = hidden.W[0, 0] + ${h}`)), output.join(''));
    await move(dc.stepBackRequest({ threadId: 1 }));
    assert.ok(Math.abs((await exact('hidden.W[0, 0]')) - w) < 1e-10);
    assert.ok(output.some((t) => t.startsWith('Undid the edit hidden.W[0, 0]')), output.join(''));
  });

  it('Set Value on a Variables row sets a parameter element; Restart clears the edits and says so', async () => {
    const before = await exact('hidden.W[1, 0]');
    const W = (await dc.evaluateRequest({ expression: 'hidden.W', context: 'watch' })).body.variablesReference;
    const row = (await dc.variablesRequest({ variablesReference: W })).body.variables.find((v) => v.name === '[1]')!;
    const answer = await dc.setVariableRequest({ variablesReference: row.variablesReference, name: '[0]', value: '0.25' });
    assert.match(answer.body.value, /0\.25/);
    assert.equal(await exact('hidden.W[1, 0]'), 0.25);
    await setExpression({ expression: 'lr', value: '0.1' });
    await move(dc.restartRequest({}));
    assert.ok(output.includes('Restart: 2 edits cleared\n'), output.join(''));
    assert.equal(await exact('hidden.W[1, 0]'), before);
  });

  it('a data tensor, a malformed expression and a value of the wrong shape are error responses; the session goes on', async () => {
    const x = (await dc.evaluateRequest({ expression: 'data.x', context: 'watch' })).body.variablesReference;
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => dc.setVariableRequest({ variablesReference: x, name: '[0]', value: '1' }), /data\.x is data/],
      [() => setExpression({ expression: 'hidden.W[0,', value: '1' }), /expected/],
      [() => setExpression({ expression: 'hidden.W[0]', value: 'hidden.W' }), /shape \[4,2\] but hidden\.W\[0\] has shape \[2\]/],
      [() => setExpression({ expression: 'hidden.W', value: '1 +' }), /expected/],
      [() => dc.setVariableRequest({ variablesReference: 999_999, name: 'x', value: '1' }), /not a reference/],
    ];
    for (const [request, message] of refusals) await assert.rejects(request(), message);
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.ok(frames.length > 0);
    await move(dc.nextRequest({ threadId: 1 }));
  });
});
