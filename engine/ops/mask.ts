import { fail } from '../errors';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

/**
 * The value a masked score takes. It stands in for −∞: the lowest finite float32 (exact in float64
 * too), so that exp(masked − max) underflows to exactly 0 in the softmax while the tensor stays
 * finite — a true −∞ would trip the debugger's NaN/Inf breakpoint on every causal attention.
 */
export const MASKED_SCORE = -3.4028234663852886e38;

/** Calls fn(offset, i, j) for every entry of the last two axes (i = row, j = column) of x. */
function forEachCell(x: Tensor, fn: (offset: number, i: number, j: number) => void): void {
  if (x.rank < 2) fail('E_SHAPE', `causal_mask needs a tensor of rank ≥ 2 (queries × keys), got ${formatShape(x.shape)}`, { op: 'causal_mask' });
  const rows = x.shape[x.rank - 2];
  const cols = x.shape[x.rank - 1];
  const per = rows * cols;
  for (let base = 0; base < x.size; base += per) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) fn(base + i * cols + j, i, j);
  }
}

/** A copy of x with `masked` wherever key j lies in the future of query i (j > i). */
function maskCopy(x: Tensor, masked: number): Tensor {
  const out = x.clone('');
  forEachCell(x, (o, i, j) => {
    if (j > i) out.data[o] = masked;
  });
  return out;
}

/** Causal (look-ahead) mask over the last two axes: query i may only attend to keys j ≤ i. */
export const CausalMask = defineOp({
  name: 'causal_mask',
  inputs: ['x'],
  formula: 'y_{ij} = \\begin{cases} x_{ij} & j \\le i \\\\ -\\infty & j > i \\end{cases}',
  gradFormula: '\\bar x_{ij} = \\begin{cases} \\bar y_{ij} & j \\le i \\\\ 0 & j > i \\end{cases}',
  forward: ([x]) => [maskCopy(x, MASKED_SCORE)],
  backward: ({ dys: [g] }) => [maskCopy(g, 0)],
});
