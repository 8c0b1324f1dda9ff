import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdirSync } from 'node:fs';
import { writeSafetensors } from '../../engine/weights/safetensorsWrite';
import { CHUNK, mlpRecording, recordingFiles } from '../engine/trace/support/recording';
import { startAdapter } from './support/builtAdapter';
import { TempFiles } from './support/inProcessAdapter';

/**
 * F5 on a recording: `node dist/debugAdapter.js` launched with `program: run.bstrace`, the index, its
 * step files and its chunk written here (the 2-layer MLP of test/engine/trace/support/recording.ts,
 * steps 100–102, with a NaN out of the ReLU in step 101), read by the session's worker through node:fs.
 */
describe('debug adapter process (stdio) replaying a recording', function () {
  this.timeout(30_000);
  let dc: DebugClient;
  let files: TempFiles;
  let program: string;

  beforeEach(async () => {
    files = new TempFiles();
    const { builder, index: recorded } = mlpRecording({ nanAt: 101 });
    // fc1's class as the recorder finds it: its forward in a Python file beside the recording.
    const index = { ...recorded, modules: recorded.modules.map((m) => (m.path === 'fc1' ? { ...m, source: { file: files.path('model.py'), line: 7 } } : m)) };
    files.write('model.py', 'import torch\n');
    program = files.path('run.bstrace');
    mkdirSync(`${program}.chunks`);
    const tensors = [...builder.stored].map(([name, t]) => ({ name, dtype: 'F32' as const, shape: t.shape, data: t.data }));
    files.write(`run.bstrace.chunks/${CHUNK}`, writeSafetensors(tensors));
    const laidOut = recordingFiles(index);
    files.write('run.bstrace', laidOut.text);
    for (const [name, json] of laidOut.steps) files.write(`run.bstrace.chunks/${name}`, json);
    dc = await startAdapter();
  });

  afterEach(async () => {
    await dc.stop();
    files.dispose();
  });

  async function move(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const [, stopped] = await Promise.all([request, dc.waitForEvent('stopped')]);
    return stopped as DebugProtocol.StoppedEvent;
  }

  async function frameNames(): Promise<string[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
  }

  it('stops on entry at the first recorded op, steps by module, stops on the NaN where it was produced, refuses edits', async () => {
    const [, , entry] = await Promise.all([dc.configurationSequence(), dc.launch({ program }), dc.waitForEvent('stopped')]);
    assert.equal(entry.body.reason, 'entry');
    assert.match(String(entry.body.description), /step 100/);
    assert.deepEqual(await frameNames(), ['fc1 (Linear)', 'forward', 'step 100']);
    await move(dc.nextRequest({ threadId: 1 }));
    assert.deepEqual(await frameNames(), ['act (ReLU)', 'forward', 'step 100']);

    const nan = await move(dc.continueRequest({ threadId: 1 }));
    assert.equal(nan.body.reason, 'exception');
    assert.deepEqual(await frameNames(), ['relu = aten::relu(…)', 'act (ReLU)', 'forward', 'step 101']);
    const relu = (await dc.evaluateRequest({ expression: 'act/relu', context: 'watch' })).body.result;
    assert.match(relu, /NaN/);

    await assert.rejects(dc.customRequest('setExpression', { expression: 'fc1.weight[0, 0]', value: '1' }), /a recording cannot be edited/);

    const back = await move(dc.stepBackRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'step');
    assert.deepEqual((await frameNames()).slice(-2), ['forward', 'step 101']);
  });

  it('puts a module’s frame in the Python file where its class’s forward is defined, the phase a label', async () => {
    await Promise.all([dc.configurationSequence(), dc.launch({ program }), dc.waitForEvent('stopped')]);
    const [fc1, phase] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.deepEqual([fc1.name, fc1.source?.path, fc1.source?.name, fc1.line], ['fc1 (Linear)', files.path('model.py'), 'model.py', 7]);
    assert.deepEqual([phase.name, phase.source], ['forward', undefined], 'a recording has no lines of its phases');
  });
});
