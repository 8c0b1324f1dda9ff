import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadTrainer, type ModelTrainer } from '../../../engine/train';
import { readSafetensors } from '../../../engine/weights/safetensorsRead';
import { writeSafetensors, type TensorToWrite } from '../../../engine/weights/safetensorsWrite';
import { trainParams } from '../../../engine/weights/stepGradients';
import { weightTensors } from '../../../engine/weights/weightsOut';
import { sampleFiles } from '../train/support';

const SAMPLES = path.join(__dirname, '../../../samples');
const sample = (name: string) => readFileSync(path.join(SAMPLES, `${name}.nn.yaml`), 'utf8');

function trainer(text: string, files: Record<string, Uint8Array> = {}): ModelTrainer {
  const loaded = loadTrainer(text, { recordValues: false, files: new Map(Object.entries(files).map(([k, bytes]) => [k, { ok: true, bytes }])) });
  assert.equal(loaded.kind, 'ok', JSON.stringify(loaded));
  return (loaded as { trainer: ModelTrainer }).trainer;
}

function diagnostics(text: string, files: Record<string, Uint8Array>) {
  const loaded = loadTrainer(text, { recordValues: false, files: new Map(Object.entries(files).map(([k, bytes]) => [k, { ok: true, bytes }])) });
  assert.equal(loaded.kind, 'invalid');
  return (loaded as Extract<typeof loaded, { kind: 'invalid' }>).diagnostics;
}

const values = (t: ModelTrainer) => t.params.map((p) => [p.name, [...p.data]] as const);
const withInit = (text: string) => `${text}\ninit: { from: w.safetensors }\n`;

describe('weights out and in', () => {
  it('names an LSTM PyTorch\'s way: gates i, f, g, o stacked, [h, x] split into weight_hh and weight_ih, the bias as (b, 0)', () => {
    const t = trainer(sample('lstm-memory'));
    const out = new Map(weightTensors(t.layers, 'values').tensors.map((x) => [x.name, x]));
    assert.deepEqual([...out.keys()], ['memory.weight_ih_l0', 'memory.weight_hh_l0', 'memory.bias_ih_l0', 'memory.bias_hh_l0', 'readout.weight', 'readout.bias']);
    const W_f = t.params.find((p) => p.name === 'memory.W_f')!;
    const [H, HI] = W_f.shape;
    // Row H + r of weight_ih (the f block) is W_f's row r, columns H…H+I−1 (x comes after h).
    assert.deepEqual(Array.from(out.get('memory.weight_ih_l0')!.data).slice(H, 2 * H), Array.from({ length: H }, (_, r) => W_f.data[r * HI + H]));
    assert.deepEqual(Array.from(out.get('memory.weight_hh_l0')!.data).slice(H * H, H * H + H), [...W_f.data.subarray(0, H)]);
    assert.deepEqual(Array.from(out.get('memory.bias_ih_l0')!.data).slice(H, 2 * H), new Array(H).fill(1), 'b_f starts at forget_bias 1');
    assert.ok(Array.from(out.get('memory.bias_hh_l0')!.data).every((v) => v === 0));
  });

  it('reads its own export back into a fresh model: every parameter of every sample as it was after 2 steps', () => {
    for (const name of readdirSync(SAMPLES).filter((f) => f.endsWith('.nn.yaml')).map((f) => f.replace('.nn.yaml', ''))) {
      const data = Object.fromEntries([...sampleFiles(name)].flatMap(([k, f]) => (f.ok ? [[k, f.bytes]] : [])));
      const a = trainer(sample(name), data);
      trainParams(a, 2);
      const { tensors } = weightTensors(a.layers, 'values');
      assert.notDeepEqual(values(trainer(sample(name), data)), values(a), `${name}: training changed the weights`);
      const b = trainer(withInit(sample(name)), { ...data, 'w.safetensors': writeSafetensors(tensors) });
      assert.deepEqual(values(b), values(a), name);
    }
  });

  it('reports every missing, extra and mis-shaped tensor at once, each naming both names and shapes, at the layer or at `from`', () => {
    const text = withInit(sample('mlp-xor'));
    const { tensors } = weightTensors(trainer(sample('mlp-xor')).layers, 'values');
    const edited: TensorToWrite[] = [
      ...tensors.filter((t) => t.name !== 'hidden.bias' && t.name !== 'out.weight'),
      { name: 'out.weight', dtype: 'F64', shape: [4, 1], data: [1, 2, 3, 4] },
      { name: 'hidden.scale', dtype: 'F32', shape: [3], data: [0, 0, 0] },
    ];
    const found = diagnostics(text, { 'w.safetensors': writeSafetensors(edited) });
    const messages = found.map((d) => d.message);
    assert.deepEqual(messages.sort(), [
      'init from w.safetensors: `out.weight` is [4,1] in the file but out.W needs [1,4]',
      'init from w.safetensors: the file has no `hidden.bias` [4] for hidden.b',
      "init from w.safetensors: the file's `hidden.scale` [3] matches no parameter of the model",
    ]);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.equal(found.find((d) => d.message.includes('hidden.bias'))!.line, lineOf('name: hidden'));
    assert.equal(found.find((d) => d.message.includes('out.weight'))!.line, lineOf('name: out'));
    assert.equal(found.find((d) => d.message.includes('hidden.scale'))!.line, lineOf('init:'));
  });

  it('refuses PyTorch GRU weights for the textbook GRU, a different function, and says to write form: torch', () => {
    const torchGru = readFileSync(path.join(__dirname, '../../reference/torch/gru.torch-init.safetensors'));
    const found = diagnostics(withInit(sample('gru-memory')), { 'w.safetensors': torchGru });
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /`memory.weight_ih_l0` is PyTorch's GRU but layer memory cannot take it: the textbook GRU is not PyTorch's function .* write `form: torch`/);
  });

  it('reports a weights file that cannot be read or is not safetensors at `from`, naming the file', () => {
    assert.match(diagnostics(withInit(sample('mlp-xor')), {})[0].message, /cannot read the weights file `w.safetensors`/);
    assert.match(diagnostics(withInit(sample('mlp-xor')), { 'w.safetensors': new Uint8Array(3) })[0].message, /^w.safetensors: is 3 bytes/);
  });

  it('writes gradients under the same names; PyTorch\'s two LSTM biases both get ∂L/∂b', () => {
    const t = trainer(sample('lstm-memory'));
    t.beginStep();
    const run = t.running!;
    while (run.events[run.executed].phase === 'backward') run.advance();
    const grads = new Map(weightTensors(t.layers, 'grads').tensors.map((x) => [x.name, x]));
    assert.deepEqual(Array.from(grads.get('memory.bias_hh_l0')!.data), Array.from(grads.get('memory.bias_ih_l0')!.data));
    assert.ok(Array.from(grads.get('memory.bias_ih_l0')!.data).some((v) => v !== 0));
    const file = readSafetensors(writeSafetensors([...grads.values()]), 'g');
    assert.deepEqual(file.get('readout.weight')!.shape, [1, 8]);
  });
});
