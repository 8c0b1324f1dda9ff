import { loadTrainer } from '../train/load';
import { layerTensors, describeTensor, TORCH_NAMES, type ParamShapes } from './torchNames';

/**
 * The README's table of PyTorch names (section "Weights out and in"), printed from ./torchNames.ts on
 * a model with one layer of every kind the table maps, so the documentation is the code's own answer.
 * `npx tsx tools/gen-weights-table.ts` writes it into the README; a test keeps the two in step.
 */
const EVERY_KIND = `name: every-kind
data:
  task: { copy: { examples: 8, length: 4, symbols: 8 } }
model:
  - embedding: { name: embed, dim: 8, positions: true }
  - layer_norm: { name: norm }
  - transformer_block: { name: block, heads: 2, ff: 16 }
  - multi_head_attention: { name: attn, heads: 2 }
  - lstm: { name: lstm, hidden: 6 }
  - gru: { name: gru, hidden: 6, form: torch }
  - rnn: { name: rnn, hidden: 6 }
  - mlp: { name: mlp, hidden: [5], out: 4, activation: tanh }
  - linear: { name: out, out: 9 }
loss: cross_entropy
`;

export function mappingTable(): string {
  const loaded = loadTrainer(EVERY_KIND, { recordValues: false });
  if (loaded.kind !== 'ok') throw new Error(`the table's model does not load: ${JSON.stringify(loaded)}`);
  const rows = ['| Backstep layer | PyTorch module | file key `<layer>.…` | made of Backstep\'s parameters |', '|---|---|---|---|'];
  for (const layer of loaded.trainer.layers) {
    const shapes: ParamShapes = new Map(layer.params.map((p) => [p.name.slice(layer.name.length + 1), p.shape]));
    const tensors = layerTensors(layer.kind, shapes);
    if ('refused' in tensors) continue;
    const module = TORCH_NAMES.get(layer.kind)?.module ?? '—';
    tensors.forEach((t, i) => rows.push(`| ${i === 0 ? `\`${layer.kind}\`` : ''} | ${i === 0 ? module : ''} | \`${t.torch}\` | ${describeTensor(t, shapes)} |`));
  }
  return `${rows.join('\n')}\n`;
}
