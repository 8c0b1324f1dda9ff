import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInProcessAdapter, TempFiles, type InProcessAdapter } from '../support/inProcessAdapter';

const OPTIMIZERS = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'optimizers.nn.yaml'), 'utf8');

/** 2 → 3 → 1: 13 parameters, so its surface is the plane of its path. */
const SMALL = `name: small
data: { task: xor }
model:
  - linear: { name: hidden, out: 3 }
  - tanh: { name: act }
  - linear: { name: out, out: 1 }
loss: mse
training: { steps: 6 }
`;

describe('debug adapter: the loss surface’s custom requests (in process)', function () {
  this.timeout(30_000);
  let a: InProcessAdapter;
  let files: TempFiles;

  beforeEach(async () => {
    files = new TempFiles();
    a = await startInProcessAdapter();
  });

  afterEach(async () => {
    await a.close();
    files.dispose();
  });

  async function launch(name: string, text: string): Promise<void> {
    const program = files.write(name, text);
    await Promise.all([a.dc.configurationSequence(), a.dc.launch({ program }), a.dc.waitForEvent('stopped')]);
  }

  it('races the optimizers of a two-parameter model, and its Inspector view has the surface', async () => {
    await launch('optimizers.nn.yaml', OPTIMIZERS);
    const race = (await a.dc.customRequest('backstep.race')).body;
    assert.deepEqual(race.racers.map((r: { optimizer: string }) => r.optimizer), ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']);
    assert.equal(race.racers[0].path.length, 101);
    const view = (await a.dc.customRequest('backstep.inspector')).body;
    assert.equal(view.lossSurface.plane, 'weights');
    assert.deepEqual(view.lossSurface.current.at, race.racers[0].path[0].at, 'at entry the cursor is at the start every racer shares');
  });

  it('computes a landscape with progress events, refuses a race and a bad size naming them', async () => {
    await launch('small.nn.yaml', SMALL);
    await assert.rejects(a.dc.customRequest('backstep.race'), /exactly two parameters/);
    await a.dc.customRequest('backstep.goto', { trainingStep: 5 });
    const progress = a.dc.waitForEvent('backstep.landscapeProgress');
    const landscape = (await a.dc.customRequest('backstep.landscape', { size: 5 })).body;
    assert.deepEqual((await progress).body, { done: 5, total: 25 });
    assert.equal(landscape.plane, 'pca');
    assert.equal(landscape.grid.values.length, 25);
    assert.deepEqual(landscape.path.map((p: { step: number }) => p.step), [0, 1, 2, 3]);
    await assert.rejects(a.dc.customRequest('backstep.landscape', { size: 1 }), /backstep.landscape/);
    assert.deepEqual((await a.dc.customRequest('backstep.cancelLandscape')).body, { cancelled: 0 });
  });
});
