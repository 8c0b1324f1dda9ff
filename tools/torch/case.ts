import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeLocated, loadTrainer } from '../../engine/train';
import { formatDiagnostic } from '../../engine/model/diagnostics';
import { writeSafetensors, type TensorToWrite } from '../../engine/weights/safetensorsWrite';
import { runToGradients } from '../../engine/weights/stepGradients';
import { weightTensors } from '../../engine/weights/weightsOut';

/**
 * The models checked against their PyTorch twins (tools/torch/twins.py builds one per `twin`), and
 * what Backstep computes for each on the batch of its first step: a "case" file holding the initial
 * weights under PyTorch names, the batch (`data.<field>`), the prediction (`backstep/output`), the loss
 * (`backstep/loss`) and each parameter's gradient (`grad/<name>`), all float64.
 *
 *   npx tsx tools/torch/case.ts <out folder>   writes <twin>.case.safetensors for every model
 */
export const TWIN_MODELS: readonly { readonly twin: string; readonly file: string }[] = [
  { twin: 'mlp', file: 'samples/mlp-xor.nn.yaml' },
  { twin: 'lstm', file: 'samples/lstm-memory.nn.yaml' },
  { twin: 'attention', file: 'samples/multi-head-attention.nn.yaml' },
  { twin: 'gru', file: 'test/reference/torch/gru-torch.nn.yaml' },
  { twin: 'transformer', file: 'samples/transformer.nn.yaml' },
  { twin: 'rnn', file: 'samples/rnn-vanishing.nn.yaml' },
];

export const ROOT = path.join(__dirname, '../..');

/** The case of a model file's text; `init` = the bytes of a weights file to start from (the text gains `init:`). */
export function twinCase(text: string, init?: Uint8Array): TensorToWrite[] {
  const source = init ? `${text}\ninit: { from: init.safetensors }\n` : text;
  const loaded = loadTrainer(source, { recordValues: false, files: new Map(init ? [['init.safetensors', { ok: true, bytes: init }]] : []) });
  if (loaded.kind === 'invalid') throw new Error(loaded.diagnostics.map((d) => formatDiagnostic(d, 'model')).join('\n'));
  if (loaded.kind === 'failed') throw new Error(describeLocated(loaded.error, 'model'));
  const trainer = loaded.trainer;
  const weights = weightTensors(trainer.layers, 'values').tensors;
  const run = runToGradients(trainer, 1);
  const grads = weightTensors(trainer.layers, 'grads').tensors.map((t) => ({ ...t, name: `grad/${t.name}` }));
  const f64 = (name: string, shape: readonly number[], data: ArrayLike<number>): TensorToWrite => ({ name, dtype: 'F64', shape, data });
  return [
    ...weights,
    ...run.batch.map((t) => f64(t.name, t.shape, t.data)),
    f64('backstep/output', run.output.shape, run.output.data),
    f64('backstep/loss', [], [run.loss]),
    ...grads,
  ];
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: npx tsx tools/torch/case.ts <out folder>\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  for (const m of TWIN_MODELS) {
    const tensors = twinCase(readFileSync(path.join(ROOT, m.file), 'utf8'));
    writeFileSync(path.join(out, `${m.twin}.case.safetensors`), writeSafetensors(tensors, { model: m.file }));
  }
  process.stdout.write(`wrote ${TWIN_MODELS.length} cases to ${out}\n`);
}
