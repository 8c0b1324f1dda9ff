import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSignature } from '../../../engine/onnx/signature';
import { cli } from './support';

const root = join(__dirname, '..', '..', '..');
const sample = (name: string) => join(root, 'samples', `${name}.nn.yaml`);

describe('backstep export --onnx', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'backstep-onnx-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the model after N steps as an ONNX file whose graph reads the data field and gives the loss input', () => {
    const out = join(dir, 'xor.onnx');
    const { code, out: said } = cli(['export', '--onnx', sample('mlp-xor'), '--step', '2', '--out', out]);
    assert.equal(code, 0);
    assert.match(said, /wrote .*xor\.onnx: ONNX opset 14, 4 layers after 2 steps/);
    const sig = readSignature(readFileSync(out), 'xor.onnx');
    assert.equal(sig.producer, 'backstep');
    assert.equal(sig.opset, 14);
    assert.deepEqual(sig.inputs, [{ name: 'x', dtype: 'float32', dims: ['batch', 2] }]);
    assert.deepEqual(sig.outputs, [{ name: 'sigmoid1', dtype: 'float32', dims: ['batch', 1] }], 'the output’s shape, inferred as every computed value’s');
  });

  it('names the layer a model cannot export, its kind and the kinds that can', () => {
    const { code, err } = cli(['export', '--onnx', sample('word2vec-hs'), '--out', join(dir, 'w.onnx')]);
    assert.equal(code, 1);
    assert.match(err, /layer "w2v": a word2vec layer has no ONNX export; the layer kinds that export are .*lstm/);
  });

  it('refuses --onnx with --optimizer', () => {
    assert.match(cli(['export', '--onnx', sample('mlp-xor'), '--optimizer', '--out', 'x.onnx']).err, /--onnx writes the model, not the optimizer/);
  });
});
