import { Tensor } from '../../../engine/tensor/tensor';
import { cbowNsLoss, fasttextNgrams, gloveLoss, hsLoss, huffmanDepths, sgnsLoss } from '../../../engine/text';
import { registerAdapter, type ReferenceCase } from '../adapter';

/** Word-embedding losses, fastText n-grams and Huffman depths (§5.13–5.15 of test/reference/README.md). */

registerAdapter('sgns_loss', {
  kind: 'grad',
  run: (tape, { v_c, u_o, U_neg }) => ({ loss: sgnsLoss(tape, v_c, u_o, U_neg) }),
});

registerAdapter('cbow_ns_loss', {
  kind: 'grad',
  run: (tape, { V_ctx, u_o, U_neg }) => ({ loss: cbowNsLoss(tape, V_ctx, u_o, U_neg) }),
});

registerAdapter('hs_loss', {
  kind: 'grad',
  run: (tape, { v, Theta }, c) => ({ loss: hsLoss(tape, v, Theta, ints(c, 'codes')) }),
});

registerAdapter('glove_loss', {
  kind: 'grad',
  // X is data: a copy that does not require a gradient, as the file declares it constant.
  run: (tape, { W, Wt, b, bt, X }, c) => ({ loss: gloveLoss(tape, W, Wt, b, bt, constant(X), { xMax: num(c, 'x_max'), alpha: num(c, 'alpha') }) }),
});

registerAdapter('fasttext_ngrams', {
  kind: 'value',
  run: (c) => ({ outputs_str: { ngrams: fasttextNgrams(c.inputs_str?.word ?? '', { minn: num(c, 'minn'), maxn: num(c, 'maxn') }) } }),
});

registerAdapter('huffman_depths', {
  kind: 'value',
  run: (c) => ({ int_outputs: { depths: huffmanDepths(ints(c, 'counts')) } }),
});

function ints(c: ReferenceCase, key: string): number[] {
  const v = c.int_inputs?.[key];
  return typeof v === 'number' ? [v] : (v ?? []);
}

function num(c: ReferenceCase, key: string): number {
  const v = c.attrs?.[key];
  if (typeof v !== 'number') throw new Error(`case "${c.name}" has no numeric attribute "${key}"`);
  return v;
}

function constant(x: Tensor): Tensor {
  return new Tensor(x.data.slice(), x.shape, x.name);
}
