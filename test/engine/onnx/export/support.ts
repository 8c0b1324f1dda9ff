import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tape } from '../../../../engine/autograd/tape';
import { checkModel } from '../../../../engine/model/check';
import { exportOnnx } from '../../../../engine/onnx/export/model';
import { Tensor } from '../../../../engine/tensor/tensor';
import { buildModel, loadTrainer, StateWire, type ModelTrainer } from '../../../../engine/train';
import { runLayers, wantedOutputs } from '../../../../engine/train/forward';
import { trainParams } from '../../../../engine/weights/stepGradients';

/** onnxruntime-node, required lazily: a devDependency only the export tests load. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

export const sampleText = (name: string) => readFileSync(path.join(__dirname, '../../../../samples', `${name}.nn.yaml`), 'utf8');

export function trainerOf(text: string): ModelTrainer {
  const loaded = loadTrainer(text, { recordValues: false });
  assert.equal(loaded.kind, 'ok', JSON.stringify(loaded));
  return (loaded as { trainer: ModelTrainer }).trainer;
}

/** The model after `steps` training steps, exported: the file's bytes and the trainer. */
export function exported(text: string, steps: number): { bytes: Uint8Array; trainer: ModelTrainer } {
  const trainer = trainerOf(text);
  trainParams(trainer, steps);
  return { bytes: exportOnnx(trainer.model, trainer.layers, { step: steps }), trainer };
}

/** Backstep's prediction (the loss input) for `fields`, with the trainer's current parameters. */
export function backstepForward(trainer: ModelTrainer, fields: Record<string, Tensor>): Tensor {
  const model = trainer.model;
  const built = buildModel(model);
  built.params.forEach((p, i) => p.data.set(trainer.layers.flatMap((l) => l.params)[i].data));
  const tape = new Tape();
  tape.recordGrad = false;
  const loss = model.spec.loss!;
  const run = runLayers(tape, model.layers, built.layers, fields, wantedOutputs(model.layers, loss.input));
  const outs = run.outputs.get(loss.input.source)!;
  const pred = outs[loss.input.output ?? Object.keys(outs)[0]];
  assert.ok(!(pred instanceof StateWire));
  return pred;
}

/** onnxruntime's output for the same fields (float fields as float32, index fields as int64). */
export async function onnxForward(bytes: Uint8Array, fields: Record<string, Tensor>, ints: readonly string[] = []): Promise<{ name: string; data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  for (const name of session.inputNames) {
    const t = fields[name];
    feeds[name] = ints.includes(name) ? new ort.Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(v)), [...t.shape]) : new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape]);
  }
  const result = await session.run(feeds);
  const name = session.outputNames[0];
  return { name, data: result[name].data as Float32Array, dims: result[name].dims };
}

/** Equal within float32 rounding through a few layers: |a − b| ≤ atol + rtol·|b|. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-5, rtol = 1e-4): void {
  assert.equal(actual.length, expected.length, 'lengths');
  for (let i = 0; i < expected.length; i++) {
    const bound = atol + rtol * Math.abs(expected[i]);
    assert.ok(Math.abs(actual[i] - expected[i]) <= bound, `element ${i}: onnxruntime ${actual[i]}, Backstep ${expected[i]} (bound ${bound})`);
  }
}

export function randomTensor(shape: readonly number[], seed: number, ints = 0): Tensor {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = shape.reduce((a, d) => a * d, 1);
  return Tensor.of(Array.from({ length: n }, () => (ints ? Math.floor(next() * ints) : next() * 2 - 1)), [...shape]);
}

/** The layers the exporter writes that no sample uses: leaky_relu and elu (LeakyRelu, Elu with α), silu, and an add of three (Sum). */
export const ACTIVATIONS = `name: activations
seed: 4
data:
  tensors:
    x: [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]
    y: [[1], [0]]
model:
  - linear: { name: body, out: 6 }
  - leaky_relu: { name: leaky, alpha: 0.2 }
  - elu: { name: e }
  - silu: { name: s }
  - add: { name: both, inputs: [s, leaky, e] }
  - linear: { name: head, out: 1 }
loss: mse
training: { optimizer: sgd, lr: 0.01, steps: 2 }
`;

export { checkModel };
