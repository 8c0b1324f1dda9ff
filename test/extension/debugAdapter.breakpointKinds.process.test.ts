import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAdapter } from './support/builtAdapter';

/**
 * Logpoints, function breakpoints and data breakpoints through `node dist/debugAdapter.js` over
 * stdio, as VS Code's Breakpoints view and Variables view send them, on the samples.
 */
const samples = join(__dirname, '..', '..', 'samples');

/** 1-based line of the first line of `program` that starts with `prefix`. */
function lineStarting(program: string, prefix: string): number {
  return readFileSync(program, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

describe('debug adapter process: logpoints, function and data breakpoints', function () {
  this.timeout(30_000);
  let dc: DebugClient;
  let output: string[];

  beforeEach(async () => {
    dc = await startAdapter();
    output = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
  });

  afterEach(() => dc.stop());

  async function launch(args: Record<string, unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, , stopped] = await Promise.all([dc.configurationSequence(), dc.launch(args), dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function move(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function topFrame(): Promise<DebugProtocol.StackFrame> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
  }

  /** The lines printed to the Debug Console that start with `prefix`. */
  function printed(prefix: string): string[] {
    return output.join('').split('\n').filter((l) => l.startsWith(prefix));
  }

  it('declares logpoints, function breakpoints and data breakpoints', async () => {
    const caps = (await dc.initializeRequest()).body!;
    assert.deepEqual([caps.supportsLogPoints, caps.supportsFunctionBreakpoints, caps.supportsDataBreakpoints], [true, true, true]);
  });

  it('a logpoint prints one line per hit and never stops; with a hit condition every Nth hit', async () => {
    const program = join(samples, 'mlp-xor.nn.yaml');
    const steps = 7;
    await launch({ program, steps });
    const line = lineStarting(program, 'loss:');
    const set = await dc.setBreakpointsRequest({
      source: { path: program },
      breakpoints: [
        { line, logMessage: 'at step={step} x={bogus}' },
        { line, logMessage: 'third {step}', hitCondition: '% 3' },
      ],
    });
    assert.ok(set.body.breakpoints.every((b) => b.verified));
    const end = await move(dc.continueRequest({ threadId: 1 }));
    assert.match(end.body.description ?? '', new RegExp(`all ${steps} steps are done`));
    assert.deepEqual(
      printed('at step='),
      Array.from({ length: steps }, (_, k) => `at step=${k + 1} x=<unknown name bogus>`),
    );
    assert.deepEqual(printed('third '), Array.from({ length: Math.floor(steps / 3) }, (_, k) => `third ${3 * (k + 1)}`));
  });

  it('a `softmax` function breakpoint stops at a softmax op', async () => {
    await launch({ program: join(samples, 'attention-reverse.nn.yaml') });
    const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'softmax' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const hit = await move(dc.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'breakpoint');
    assert.deepEqual(hit.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    assert.match((await topFrame()).name, /softmax/);
  });

  it('a `*/gate_f` function breakpoint stops at a gate_f op of the LSTM, with a condition', async () => {
    await launch({ program: join(samples, 'lstm-memory.nn.yaml') });
    const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '*/gate_f', condition: 'step == 2' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    await move(dc.continueRequest({ threadId: 1 }));
    assert.match((await topFrame()).name, /^gate_f = sigmoid/);
    assert.match((await dc.evaluateRequest({ expression: 'step', context: 'watch' })).body.result, /^2\b/);
  });

  it('data breakpoint info during a long Continue is no id and the reason; function breakpoints are set meanwhile', async () => {
    await launch({ program: join(samples, 'lstm-memory.nn.yaml') });
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    await Promise.all([dc.continueRequest({ threadId: 1 }), new Promise((r) => setTimeout(r, 300))]);
    const info = await dc.dataBreakpointInfoRequest({ name: 'memory.W_f' });
    assert.equal(info.body.dataId, null);
    assert.match(info.body.description, /the session is running; pause it/);
    // Listen before asking: the stop may arrive in the same chunk as the answer.
    const stopped = dc.waitForEvent('stopped');
    const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'update' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const hit = await stopped;
    assert.deepEqual(hit.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
  });

  it('function and data breakpoints carry over a restart, with the ids VS Code knows', async () => {
    await launch({ program: join(samples, 'mlp-xor.nn.yaml') });
    const fn = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'tanh' }] });
    const data = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'out.b' }] });
    await move(dc.restartRequest({}));
    const first = await move(dc.continueRequest({ threadId: 1 }));
    assert.deepEqual(first.body.hitBreakpointIds, [fn.body.breakpoints[0].id]);
    await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const second = await move(dc.continueRequest({ threadId: 1 }));
    assert.deepEqual(second.body.hitBreakpointIds, [data.body.breakpoints[0].id]);
  });

  it('a name that matches nothing is unverified, with the names that exist', async () => {
    await launch({ program: join(samples, 'mlp-xor.nn.yaml') });
    const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'softmax' }, { name: 'step 0' }] });
    const [op, step] = set.body.breakpoints;
    assert.equal(op.verified, false);
    assert.match(op.message ?? '', /"softmax" names nothing in this model\. .*op kind of this model \(.*matmul.*tanh.*\), a tensor-name pattern \(hidden\/\*.*\), a phase \(forward, loss, backward, update\) or a training step \(step 1 to step \d+\)/);
    assert.equal(step.verified, false);
    assert.match(step.message ?? '', /there is no training step 0: the run has steps 1 to \d+/);
  });

  it('a data breakpoint on a parameter, from its Variables row, stops at its update', async () => {
    await launch({ program: join(samples, 'mlp-xor.nn.yaml') });
    const frame = await topFrame();
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const model = scopes.find((s) => s.name === 'Model')!;
    const layers = (await dc.variablesRequest({ variablesReference: model.variablesReference })).body.variables;
    const hidden = layers.find((v) => v.name === 'hidden')!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: hidden.variablesReference, name: 'hidden.W' });
    assert.equal(info.body.dataId, 'hidden.W');
    const none = await dc.dataBreakpointInfoRequest({ name: 'lr' });
    assert.equal(none.body.dataId, null);
    assert.match(none.body.description, /lr is a number: a conditional breakpoint \(lr < 0\.1\) stops on its value/);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const hit = await move(dc.continueRequest({ threadId: 1 }));
    assert.deepEqual(hit.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    assert.match(hit.body.description ?? '', /hidden\.W changed by ‖Δ‖\/‖W‖ = /);
    assert.match((await topFrame()).name, /hidden\.W/);
  });
});
