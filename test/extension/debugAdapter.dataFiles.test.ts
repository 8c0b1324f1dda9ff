import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { join } from 'node:path';
import type { BytesResult, FileReader } from '../../extension/dap/fileReader';
import { nodeFileReader } from '../../extension/nodeFileReader';
import { startInProcessAdapter, type InProcessAdapter } from './support/inProcessAdapter';

/**
 * The adapter reads the data files a model names before it launches the session (the seam of
 * engine/model/files.ts): the session gets their bytes beside the text; a client that shows progress
 * sees reading them as a cancellable progress, and Cancel ends the launch.
 */
const program = join(__dirname, '..', 'samples', 'data', 'flowers.nn.yaml');

/** Node's reader, except that reading bytes waits until `release` is called. */
function heldReader(): FileReader & { release(): void; asked: Promise<void> } {
  let release!: () => void;
  let asked!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const askedP = new Promise<void>((r) => (asked = r));
  return {
    readText: (path) => nodeFileReader.readText(path),
    readBytes: async (path, limit): Promise<BytesResult> => {
      asked();
      await held;
      return nodeFileReader.readBytes(path, limit);
    },
    release: () => release(),
    asked: askedP,
  };
}

describe('debug adapter: data files before a launch', () => {
  let a: InProcessAdapter;
  afterEach(() => a.close());

  it('launches the session with the bytes of every data file, keyed as the model file writes them', async () => {
    a = await startInProcessAdapter();
    await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program, stopOnEntry: true }), a.dc.waitForEvent('stopped')]);
    const files = a.session.launched!.files!;
    assert.deepEqual([...files.keys()], ['flowers.csv']);
    const read = files.get('flowers.csv')!;
    assert.ok(read.ok && new TextDecoder().decode(read.bytes).startsWith('petal_length,petal_width,sepal_length,species\n'));
  });

  it('shows reading as a cancellable progress; Cancel ends the launch and the progress', async () => {
    const reader = heldReader();
    a = await startInProcessAdapter(undefined, reader);
    await a.dc.initializeRequest({ adapterID: 'backstep', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsProgressReporting: true });
    const started = a.dc.waitForEvent('progressStart') as Promise<DebugProtocol.ProgressStartEvent>;
    const launched = a.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    const start = await started;
    assert.deepEqual([start.body.title, start.body.message, start.body.cancellable], ['Backstep: reading data', 'flowers.csv', true]);
    await reader.asked;
    const ended = a.dc.waitForEvent('progressEnd') as Promise<DebugProtocol.ProgressEndEvent>;
    await a.dc.customRequest('cancel', { progressId: start.body.progressId });
    reader.release();
    await assert.rejects(launched, /Reading the data files of .*flowers\.nn\.yaml was cancelled/);
    assert.deepEqual([(await ended).body.progressId, (await ended).body.message], [start.body.progressId, 'cancelled']);
    assert.equal(a.sessions.length, 0, 'no session was started for the cancelled launch');
  });
});
