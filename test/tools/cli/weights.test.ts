import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, readSafetensors } from '../../../engine/weights/safetensorsRead';
import { cli } from './support';

const root = join(__dirname, '..', '..', '..');
const sample = (name: string) => join(root, 'samples', `${name}.nn.yaml`);

describe('backstep export and grad', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-weights-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('export --step N writes the weights after N steps, PyTorch names, with the optimizer state on --optimizer', () => {
    const out = join(dir, 'w.safetensors');
    const { code, out: said } = cli(['export', sample('mlp-xor'), '--step', '3', '--out', out, '--optimizer']);
    assert.equal(code, 0);
    assert.match(said, /wrote .*w\.safetensors: 4 tensors, after 3 steps/);
    const file = parseSafetensors(readFileSync(out), out);
    assert.deepEqual([...file.tensors.keys()], ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']);
    assert.equal(file.metadata.get('backstep.step'), '3');
    assert.equal(file.metadata.get('optimizer/step/hidden.W'), '3');
  });

  it('init: { from } (relative to the model file) starts from the exported weights: the same run continues', () => {
    const weights = join(dir, 'start.safetensors');
    cli(['export', sample('mlp-xor'), '--step', '5', '--out', weights]);
    const model = join(dir, 'xor.nn.yaml');
    writeFileSync(model, `${readFileSync(sample('mlp-xor'), 'utf8')}\ninit: { from: start.safetensors }\n`);
    const a = join(dir, 'a.safetensors');
    assert.equal(cli(['export', model, '--out', a]).code, 0);
    assert.deepEqual(readSafetensors(readFileSync(a), a), readSafetensors(readFileSync(weights), weights));
  });

  it('a model whose init file is missing fails like any model error, located at `from`', () => {
    const model = join(dir, 'nofile.nn.yaml');
    const text = `${readFileSync(sample('mlp-xor'), 'utf8')}\ninit: { from: nowhere.safetensors }\n`;
    writeFileSync(model, text);
    const { code, err } = cli(['run', model, '--steps', '1']);
    assert.equal(code, 1);
    assert.match(err, new RegExp(`nofile\\.nn\\.yaml:${text.split('\n').length - 1}:\\d+: E_VALUE cannot read the weights file \`nowhere.safetensors\``));
  });

  it('grad --step N writes ∂loss/∂parameter of step N under the export\'s names, the loss in the metadata', () => {
    const out = join(dir, 'g.safetensors');
    const { code } = cli(['grad', sample('lstm-memory'), '--step', '2', '--out', out]);
    assert.equal(code, 0);
    const file = parseSafetensors(readFileSync(out), out);
    assert.deepEqual([...file.tensors.keys()], ['memory.weight_ih_l0', 'memory.weight_hh_l0', 'memory.bias_ih_l0', 'memory.bias_hh_l0', 'readout.weight', 'readout.bias']);
    assert.ok(Number(file.metadata.get('loss')) > 0);
    assert.ok(file.tensors.get('readout.weight')!.values().some((v) => v !== 0));
  });

  it('refuses a missing --out, a bad --step and a step past the run', () => {
    assert.match(cli(['export', sample('mlp-xor')]).err, /`export` needs --out/);
    assert.match(cli(['grad', sample('mlp-xor'), '--step', '-1', '--out', 'x']).err, /--step must be a whole number ≥ 0/);
    assert.match(cli(['grad', sample('mlp-xor'), '--step', '0', '--out', join(dir, 'x')]).err, /step must be between 1 and 300, got 0/);
    assert.match(cli(['export', sample('mlp-xor'), '--optimizer=yes', '--out', 'x']).err, /--optimizer takes no value/);
  });
});
