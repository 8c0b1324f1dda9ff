import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadTrainer, type ModelTrainer } from '../../../engine/train';

/** engine/train/layers/onnx.ts: the layer's parameters are the trainer's own copies, trained in the model's dtype. */

const masked = readFileSync(path.join(__dirname, '../../fixtures/onnx/tools/masked.onnx'));

function trainer(dtype: string): ModelTrainer {
  const text = [
    `dtype: ${dtype}`,
    'data:',
    '  tensors:',
    '    input_ids: [[1, 2, 3], [4, 5, 6]]',
    '    attention_mask: [[1, 1, 0], [1, 0, 1]]',
    '    y: [[0, 1, 2], [3, 4, 5]]',
    '  input: input_ids',
    '  target: y',
    'model: { onnx: masked.onnx, output: logits }',
    'loss: cross_entropy',
    'training: { optimizer: adam, lr: 0.01, batch_size: 2, steps: 2 }',
    '',
  ].join('\n');
  const loaded = loadTrainer(text, { files: new Map([['masked.onnx', { ok: true, bytes: masked }]]), recordValues: false });
  assert.equal(loaded.kind, 'ok', JSON.stringify(loaded));
  return (loaded as { trainer: ModelTrainer }).trainer;
}

describe('onnx layers train', () => {
  for (const dtype of ['float32', 'float64']) {
    it(`in ${dtype}: every parameter is of that dtype and moves in one step`, () => {
      const t = trainer(dtype);
      assert.deepEqual(t.params.map((p) => p.name).sort(), ['embed.weight', 'head.bias', 'onnx::MatMul_12']);
      const before = t.params.map((p) => Array.from(p.data));
      t.beginStep().finish();
      t.params.forEach((p, i) => {
        assert.equal(p.dtype, dtype);
        assert.notDeepEqual(Array.from(p.data), before[i], `${p.name} moved`);
      });
    });
  }
});
