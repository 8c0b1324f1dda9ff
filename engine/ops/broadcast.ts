import { fail } from '../errors';
import { sumToShape } from '../kernels/elementwise';
import { allocate } from '../tensor/dtype';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, type Shape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

/** Ops that spread values over a broadcast shape: expand (NumPy broadcast_to) and where (a masked choice). */

/** x repeated along the axes where it has size 1 (or lacks), to `shape`: row-major walk with x's broadcast strides. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return new Tensor(x.data.slice(), shape);
  const strides = broadcastStrides(x.shape, shape);
  const out = allocate(x.dtype, sizeOf(shape));
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  const d = x.data;
  let src = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = d[src];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k]++;
      src += strides[k];
      if (idx[k] < shape[k]) break;
      src -= strides[k] * shape[k];
      idx[k] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** ONNX Expand: the broadcast of x's shape and `shape` (either may have the 1s). */
function expandShape(x: Tensor, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    fail('E_ATTR', `shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`, { op: 'expand' });
  }
  return broadcastShapes(x.shape, shape as number[], 'expand');
}

export const Expand = defineOp<{ shape: readonly number[] }>({
  name: 'expand',
  inputs: ['x'],
  formula: 'y = x \\text{ repeated along its size-1 axes to the broadcast shape}',
  gradFormula: '\\bar x = \\textstyle\\sum \\bar y \\text{ over the repeated axes}',
  forward: ([x], { shape }) => [broadcastTo(x, expandShape(x, shape))],
  backward: ({ inputs: [x], dys: [g] }) => [sumToShape(g, x.shape)],
});

/** y = a where cond ≠ 0, else b, all three broadcast together. */
export const Where = defineOp({
  name: 'where',
  inputs: ['cond', 'a', 'b'],
  constantInputs: ['cond'],
  formula: 'y_i = \\begin{cases} a_i & \\text{cond}_i \\\\ b_i & \\text{otherwise} \\end{cases}',
  gradFormula: '\\bar a = \\bar y \\odot \\text{cond},\\quad \\bar b = \\bar y \\odot (1 - \\text{cond}) \\quad\\text{(summed back to each shape)}',
  forward: ([cond, a, b]) => {
    const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, 'where'), b.shape, 'where');
    const [c, x, y] = [broadcastTo(cond, shape), broadcastTo(a, shape), broadcastTo(b, shape)];
    const out = allocate(a.dtype, x.size);
    for (let i = 0; i < out.length; i++) out[i] = c.data[i] !== 0 ? x.data[i] : y.data[i];
    return [new Tensor(out, shape)];
  },
  backward: ({ inputs: [cond, a, b], dys: [g], needsGrad: [, na, nb] }) => {
    const c = broadcastTo(cond, g.shape).data;
    const pick = (keep: boolean, shape: Shape): Tensor => {
      const out = allocate(g.dtype, g.size);
      for (let i = 0; i < out.length; i++) out[i] = (c[i] !== 0) === keep ? g.data[i] : 0;
      return sumToShape(new Tensor(out, g.shape), shape);
    };
    return [null, na ? pick(true, a.shape) : null, nb ? pick(false, b.shape) : null];
  },
});

