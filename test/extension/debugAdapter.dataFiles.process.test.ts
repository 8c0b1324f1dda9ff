import * as assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../engine/model/check';
import { readSafetensors } from '../../engine/weights/safetensorsRead';
import { startAdapter } from './support/builtAdapter';
import { TempFiles } from './support/inProcessAdapter';

/**
 * A model that reads a CSV file, launched through `node dist/debugAdapter.js`: the adapter reads the
 * data file beside the model (the seam of engine/model/files.ts), the session in its worker parses
 * it, stops at the first layer and says in the Debug Console what it read; a bad cell ends the launch
 * with the located error.
 */
const sampleDir = join(__dirname, '..', 'samples', 'data');
const program = join(sampleDir, 'flowers.nn.yaml');

describe('debug adapter process with a data file', function () {
  this.timeout(30_000);
  let dc: DebugClient;
  let files: TempFiles;

  beforeEach(async () => {
    files = new TempFiles();
    dc = await startAdapter();
  });

  afterEach(async () => {
    await dc.stop();
    files.dispose();
  });

  it('runs a model on a CSV file to its first stop and prints the class mapping', async () => {
    const output = dc.waitForEvent('output');
    const [, , stopped] = await Promise.all([dc.configurationSequence(), dc.launch({ program, stopOnEntry: true }), dc.waitForEvent('stopped')]);
    assert.equal((stopped as DebugProtocol.StoppedEvent).body.reason, 'entry');
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const firstLayer = checkModel(readFileSync(program, 'utf8')).spec!.layers[0].range.line;
    assert.equal(frames[0].line, firstLayer);
    const text = ((await output) as DebugProtocol.OutputEvent).body.output;
    assert.match(text, /flowers\.csv: y = species → classes 0 setosa, 1 versicolor, 2 virginica/);
  });

  it('shows the class mapping in the Variables: Training › classes, one row per class id', async () => {
    await Promise.all([dc.configurationSequence(), dc.launch({ program, stopOnEntry: true }), dc.waitForEvent('stopped')]);
    const frame = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0];
    const training = (await dc.scopesRequest({ frameId: frame.id })).body.scopes.find((s) => s.name === 'Training')!;
    const classes = (await dc.variablesRequest({ variablesReference: training.variablesReference })).body.variables.find((v) => v.name === 'classes')!;
    assert.equal(classes.value, '0 setosa, 1 versicolor, 2 virginica');
    const rows = (await dc.variablesRequest({ variablesReference: classes.variablesReference })).body.variables;
    assert.deepEqual(
      rows.map((v) => [v.name, v.value]),
      [['[0]', 'setosa'], ['[1]', 'versicolor'], ['[2]', 'virginica']],
    );
  });

  it('refuses to launch on a bad cell, naming the data file, its line and column, at the model line', async () => {
    files.write('flowers.csv', readFileSync(join(sampleDir, 'flowers.csv'), 'utf8').replace('4.7,1.4', '4.7,wide'));
    const model = files.write('flowers.nn.yaml', readFileSync(program, 'utf8'));
    await assert.rejects(dc.launchRequest({ program: model } as DebugProtocol.LaunchRequestArguments), /flowers\.nn\.yaml:7:8: E_DATA flowers\.csv, line 6, column 2 \(`petal_width`\): the cell "wide" is not a number/);
  });

  it('refuses to launch when the data file is missing', async () => {
    const model = files.write('flowers.nn.yaml', readFileSync(program, 'utf8'));
    await assert.rejects(dc.launchRequest({ program: model } as DebugProtocol.LaunchRequestArguments), /E_DATA cannot read the data file "flowers\.csv": no such file/);
  });

  it('starts from saved weights named by `init: { from }`: the adapter reads the file through the same seam', async () => {
    const mlp = readFileSync(join(__dirname, '..', '..', 'samples', 'mlp-xor.nn.yaml'), 'utf8');
    const weights = readFileSync(join(__dirname, '..', 'reference', 'torch', 'mlp.torch-init.safetensors'));
    files.write('torch.safetensors', weights);
    const model = files.write('xor.nn.yaml', `${mlp}\ninit: { from: torch.safetensors }\n`);
    await Promise.all([dc.configurationSequence(), dc.launch({ program: model, stopOnEntry: true }), dc.waitForEvent('stopped')]);
    const torch = readSafetensors(weights, 'torch.safetensors');
    const W = (await dc.evaluateRequest({ expression: 'hidden.W[0, 0]', context: 'clipboard' })).body.result;
    // hidden.W is (in, out); nn.Linear's weight is (out, in): element [0, 0] is the same in both.
    assert.equal(Number(W), torch.get('hidden.weight')!.data[0]);
  });

  it('refuses to launch when the weights file is missing, at the `from` of the model file', async () => {
    const mlp = readFileSync(join(__dirname, '..', '..', 'samples', 'mlp-xor.nn.yaml'), 'utf8');
    const model = files.write('xor.nn.yaml', `${mlp}\ninit: { from: gone.safetensors }\n`);
    await assert.rejects(dc.launchRequest({ program: model } as DebugProtocol.LaunchRequestArguments), /cannot read the weights file `gone\.safetensors`: no such file/);
  });
});
