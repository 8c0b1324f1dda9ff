import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { mappingTable } from '../../engine/weights/mappingTable';
import { withTable } from '../../tools/gen-weights-table';

describe('the README\'s table of PyTorch names', () => {
  it('is the one printed from engine/weights/torchNames.ts (regenerate: npx tsx tools/gen-weights-table.ts)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    assert.equal(withTable(readme), readme);
  });

  it('has a row for every PyTorch tensor of the mapped kinds, the LSTM\'s gates in PyTorch\'s order', () => {
    const table = mappingTable();
    assert.match(table, /\| `lstm` \| nn\.LSTM \(gates i, f, g, o\) \| `weight_ih_l0` \| \[W_i; W_f; W_c; W_o\]\[:, H:\] \|/);
    assert.match(table, /\| `multi_head_attention` \| nn\.MultiheadAttention \| `in_proj_weight` \| \[Wq; Wk; Wv\] \|/);
    for (const kind of ['embedding', 'layer_norm', 'transformer_block', 'gru', 'rnn', 'mlp', 'linear']) assert.match(table, new RegExp(`\\| \`${kind}\` \\|`));
  });
});
