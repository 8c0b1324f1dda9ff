import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAdapter } from './support/builtAdapter';
import { layerLines } from './support/models';

/**
 * Jump to a step, step-in targets and Restart Frame over stdio, with the real engine session in its
 * worker thread: goto lands with the tensors a run to a breakpoint finds; Step Into Target goes into
 * the chosen time step; Restart Frame goes back to the step's first stop; bad ids are answered with
 * errors and the session goes on. Lines and lengths come from the sample files themselves.
 */
const samples = join(__dirname, '..', '..', 'samples');
const MLP = join(samples, 'mlp-xor.nn.yaml');
const LSTM = join(samples, 'lstm-memory.nn.yaml');

describe('debug adapter process (stdio): goto, step-in targets, restart frame', function () {
  this.timeout(30_000);
  const clients: DebugClient[] = [];

  async function client(): Promise<DebugClient> {
    const dc = await startAdapter();
    clients.push(dc);
    return dc;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((dc) => dc.stop()));
  });

  async function launch(dc: DebugClient, program: string): Promise<DebugProtocol.StoppedEvent> {
    const [, , stopped] = await Promise.all([dc.configurationSequence(), dc.launch({ program }), dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function frames(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  async function move(dc: DebugClient, request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function value(dc: DebugClient, expression: string): Promise<string> {
    return (await dc.evaluateRequest({ expression, context: 'watch' })).body.result;
  }

  const stepOf = async (dc: DebugClient): Promise<string> => (await frames(dc)).at(-1)!.name;

  it('mlp-xor: goto step 50 (a target of the hidden layer’s line) lands with the hidden.W and loss of continuing there to a breakpoint', async () => {
    const hidden = layerLines(readFileSync(MLP, 'utf8')).get('hidden')!;
    const went = await client();
    await launch(went, MLP);
    const targets = (await went.gotoTargetsRequest({ source: { path: MLP }, line: hidden })).body.targets;
    assert.deepEqual(targets.slice(0, 2).map((t) => t.label), ['step 1 › forward › hidden', 'step 1 › backward › hidden']);
    assert.ok(targets.every((t) => t.line === hidden));
    const step50 = targets.find((t) => t.label === 'step 50 › forward › hidden');
    assert.ok(step50, targets.map((t) => t.label).join('; '));
    const stopped = await move(went, went.gotoRequest({ threadId: 1, targetId: step50.id }));
    assert.deepEqual([stopped.body.reason, stopped.body.description], ['goto', 'Went to step 50 › forward › hidden']);
    assert.equal(await stepOf(went), 'step 50');

    const ran = await client();
    await launch(ran, MLP);
    await ran.setBreakpointsRequest({ source: { path: MLP }, breakpoints: [{ line: hidden, condition: 'step == 50' }] });
    assert.equal((await move(ran, ran.continueRequest({ threadId: 1 }))).body.reason, 'breakpoint');
    assert.equal(await stepOf(ran), 'step 50');
    for (const name of ['hidden.W', 'loss']) assert.equal(await value(went, name), await value(ran, name), name);
  });

  it('lstm-memory: Step Into Target at the lstm layer lists its time steps t0 … t11; into t5 lands at memory/t5', async () => {
    const length = Number(/first_bit: \{[^}]*length: (\d+)/.exec(readFileSync(LSTM, 'utf8'))![1]);
    const dc = await client();
    await launch(dc, LSTM);
    const [top] = await frames(dc);
    const targets = (await dc.stepInTargetsRequest({ frameId: top.id })).body.targets;
    assert.deepEqual(
      targets.map((t) => t.label).filter((l) => /^t\d+$/.test(l)),
      Array.from({ length }, (_, k) => `t${k}`),
    );
    const t5 = targets.find((t) => t.label === 't5')!;
    await move(dc, dc.stepInRequest({ threadId: 1, targetId: t5.id }));
    const [inner, layer] = await frames(dc);
    assert.equal(inner.name, 't5');
    assert.match(layer.name, /^memory \(lstm\)/);
    // At t5's first op: the state of t4 is computed, the state of t5 is not yet.
    assert.match(await value(dc, 'memory/t4/h'), /^\[16,\s*8\]/);
    await assert.rejects(value(dc, 'memory/t5/h'), /memory\/t5\/h is not computed yet/);
  });

  it('Restart Frame on the step frame from the backward pass returns to the step’s first stop; op frames cannot be restarted', async () => {
    const dc = await client();
    await launch(dc, MLP);
    const entry = await frames(dc);
    const entryW = await value(dc, 'hidden.W');
    const hidden = layerLines(readFileSync(MLP, 'utf8')).get('hidden')!;
    const targets = (await dc.gotoTargetsRequest({ source: { path: MLP }, line: hidden })).body.targets;
    await move(dc, dc.gotoRequest({ threadId: 1, targetId: targets.find((t) => t.label === 'step 1 › backward › hidden')!.id }));
    await move(dc, dc.stepInRequest({ threadId: 1 }));
    const deep = await frames(dc);
    assert.match(deep[0].name, /^∂ /);
    assert.notEqual(await value(dc, 'grad(hidden.W)'), await value(dc, 'hidden.W'));
    assert.deepEqual(
      deep.map((f) => f.canRestart),
      deep.map((_, i) => i > 0),
    );
    const stopped = await move(dc, dc.restartFrameRequest({ frameId: deep.at(-1)!.id }));
    assert.equal(stopped.body.reason, 'restart');
    assert.deepEqual(
      (await frames(dc)).map((f) => [f.name, f.line]),
      entry.map((f) => [f.name, f.line]),
    );
    assert.equal(await value(dc, 'hidden.W'), entryW);
  });

  it('an unknown goto target, step-in target or frame, and a goto to step 10⁹: error responses naming the problem; the session goes on', async () => {
    const dc = await client();
    await launch(dc, MLP);
    const W = (await dc.evaluateRequest({ expression: 'hidden.W', context: 'watch' })).body;
    await assert.rejects(dc.gotoRequest({ threadId: 1, targetId: 10 ** 9 }), /There is no goto target 1000000000/);
    await assert.rejects(dc.stepInRequest({ threadId: 1, targetId: 10 ** 9 }), /there is no step-in target 1000000000: the targets here are/);
    await assert.rejects(dc.restartFrameRequest({ frameId: 99 }), /there is no frame 99: the Call Stack has frames 1 to 3/);
    await assert.rejects(dc.customRequest('backstep.goto', { trainingStep: 10 ** 9 }), /training step 1000000000 does not exist: the run has steps 1 to 300/);
    assert.deepEqual((await dc.gotoTargetsRequest({ source: { path: join(samples, 'lstm-memory.nn.yaml') }, line: 3 })).body.targets, [], 'another file has no targets');
    const rows = (await dc.variablesRequest({ variablesReference: W.variablesReference })).body.variables;
    assert.equal(rows.length, 4, 'a value shown before the refused requests still expands');
    await move(dc, dc.nextRequest({ threadId: 1 }));
    assert.equal(await stepOf(dc), 'step 1');
  });
});
