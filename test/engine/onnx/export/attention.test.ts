import type { Tensor } from '../../../../engine/tensor/tensor';
import type { ModelTrainer } from '../../../../engine/train';
import { assertClose, backstepForward, exported, onnxForward, randomTensor, sampleText } from './support';

/** A batch of 3 for every data field a sample's graph reads: token ids below the field's classes, else numbers in (−1, 1). */
function batchFor(trainer: ModelTrainer, names: readonly string[]): Record<string, Tensor> {
  return Object.fromEntries(names.map((name, k) => {
    const f = trainer.model.data.fields[name];
    return [name, randomTensor([3, ...f.shape.slice(1)], 7 + k, f.kind === 'index' ? f.classes : 0)];
  }));
}

describe('engine/onnx/export: attention layers', () => {
  const cases: [string, string[]][] = [
    ['transformer', ['source']],
    ['multi-head-attention', ['source']],
    ['self-attention', ['source']],
    ['attention-reverse', ['source', 'target_in']],
  ];
  for (const [sample, fields] of cases) {
    it(`${sample} after 5 steps: onnxruntime computes what Backstep computes`, async function () {
      const { bytes, trainer } = exported(sampleText(sample), 5);
      const batch = batchFor(trainer, fields);
      assertClose((await onnxForward(bytes, batch, fields)).data, backstepForward(trainer, batch).data);
    });
  }

  const variants: [string, string][] = [
    ['a pre-norm causal Transformer block with GELU-free SiLU', 'transformer_block: { name: block, heads: 2, ff: 8, norm: pre, causal: true, activation: silu }'],
    ['causal multi-head attention without biases', 'multi_head_attention: { name: heads, heads: 4, causal: true, bias: false }'],
    ['general attention', 'attention: { name: att, score: general }'],
    ['additive attention', 'attention: { name: att, score: additive, hidden: 5 }'],
  ];
  for (const [what, layer] of variants) {
    it(`${what}: onnxruntime computes what Backstep computes`, async () => {
      const text = `name: att\nseed: 9\ndata:\n  tensors:\n    x: [[[0.1, 0.2, 0.3, 0.4], [0.5, -0.1, 0.2, 0.0], [0.3, 0.3, -0.4, 0.1]], [[0.2, 0.0, 0.1, -0.3], [0.4, 0.4, 0.4, 0.4], [-0.5, 0.2, 0.0, 0.1]]]\n    y: [[[1], [0], [1]], [[0], [1], [1]]]\nmodel:\n  - ${layer}\n  - linear: { name: head, out: 1 }\nloss: mse\ntraining: { optimizer: adam, lr: 0.05, steps: 3 }\n`;
      const { bytes, trainer } = exported(text, 3);
      const x = randomTensor([4, 3, 4], 5);
      assertClose((await onnxForward(bytes, { x })).data, backstepForward(trainer, { x }).data);
    });
  }
});
