import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { LossSurfaceView } from '../../../engine/protocol/views';
import { drive, Session } from '../../../engine/session/session';
import { startAdapter } from '../support/builtAdapter';
import { TempFiles } from '../support/inProcessAdapter';

/** 2 → 16 → 16 → 1 tanh MLP on xor: a dense chain, so its grid goes to the session worker's threads. */
const MLP = `name: mlp
data: { task: xor }
model:
  - mlp: { name: net, hidden: [16, 16], out: 1, activation: tanh }
loss: mse
training: { steps: 8 }
`;

describe('debug adapter: the loss landscape on the session worker’s threads (the built adapter)', function () {
  this.timeout(60_000);
  let dc: DebugClient;
  let files: TempFiles;

  beforeEach(async () => {
    files = new TempFiles();
    dc = await startAdapter();
    const program = files.write('mlp.nn.yaml', MLP);
    await Promise.all([dc.configurationSequence(), dc.launch({ program }), dc.waitForEvent('stopped')]);
    await dc.customRequest('backstep.goto', { trainingStep: 6 });
  });

  afterEach(async () => {
    await dc.stop();
    files.dispose();
  });

  it('is the grid the engine computes in one thread', async () => {
    const landscape: LossSurfaceView = (await dc.customRequest('backstep.landscape', { size: 41 })).body;
    const here = Session.create(MLP, 'mlp.nn.yaml');
    here.start();
    here.goto(6);
    const want = drive(here.landscape(41));
    assert.ok(want.ok);
    assert.deepEqual(landscape.grid, want.body.grid);
    assert.deepEqual(landscape.current, want.body.current);
  });

  it('is cancelled by cancelLandscape, and the session steps on', async () => {
    const grid = dc.customRequest('backstep.landscape', { size: 201 });
    await dc.waitForEvent('backstep.landscapeProgress');
    assert.deepEqual((await dc.customRequest('backstep.cancelLandscape')).body, { cancelled: 1 });
    await assert.rejects(grid, /cancelled after \d+ of 40401 points/);
    await Promise.all([dc.nextRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
  });
});
