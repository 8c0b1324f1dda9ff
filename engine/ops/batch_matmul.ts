import { fail } from '../errors';
import { matmulInto } from '../kernels/matmul';
import { allocate, type TypedArray } from '../tensor/dtype';
import { formatShape, sameShape, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

type BatchMatmulAttrs = { transA?: boolean; transB?: boolean };

const OP = 'batch_matmul';

/**
 * One matrix product per batch entry: a (…, m, k) and b (…, k, n) → y (…, m, n), the last two axes
 * being the matrices (read transposed where `transA`/`transB` is set). Both operands carry the same
 * leading batch axes, or one of them is a plain matrix shared by every entry (x Wᵀ over a batch of
 * sequences); its gradient is then summed over the batch.
 */
interface Plan {
  batch: number;
  lead: readonly number[];
  m: number;
  k: number;
  n: number;
  /** Elements per batch entry of a and b (0 for a shared matrix). */
  strideA: number;
  strideB: number;
}

function matrixDims(x: Tensor, trans: boolean | undefined, which: string): [number, number] {
  if (x.rank < 2) fail('E_SHAPE', `${which} must have at least 2 axes (…, rows, columns), got ${formatShape(x.shape)}`, { op: OP });
  const [r, c] = x.shape.slice(-2);
  return trans ? [c, r] : [r, c];
}

function plan(a: Tensor, b: Tensor, { transA, transB }: BatchMatmulAttrs): Plan {
  const [m, k] = matrixDims(a, transA, 'a');
  const [k2, n] = matrixDims(b, transB, 'b');
  const [leadA, leadB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  const shapes = `a ${formatShape(a.shape)}${transA ? ' (transposed)' : ''} and b ${formatShape(b.shape)}${transB ? ' (transposed)' : ''}`;
  if (k !== k2) fail('E_SHAPE', `${shapes} do not fit: inner sizes ${k} ≠ ${k2}`, { op: OP });
  if (leadA.length && leadB.length && !sameShape(leadA, leadB)) {
    fail('E_SHAPE', `${shapes} have different batch axes ${formatShape(leadA)} and ${formatShape(leadB)}`, { op: OP });
  }
  const lead = leadA.length ? leadA : leadB;
  return { batch: sizeOf(lead), lead, m, k, n, strideA: leadA.length ? m * k : 0, strideB: leadB.length ? k * n : 0 };
}

/**
 * out[i] (rows × cols) = op(x[i]) op(y[i]) for every batch entry i; a stride of 0 reuses one matrix.
 * With `sum`, out is one matrix receiving the sum over i (the gradient of a shared operand).
 */
function forEachProduct(
  x: TypedArray, sx: number, y: TypedArray, sy: number, out: TypedArray, sum: boolean,
  batch: number, rows: number, inner: number, cols: number, tx: boolean, ty: boolean,
): void {
  const size = rows * cols;
  const product = sum ? out.slice(0, size) : out;
  for (let i = 0; i < batch; i++) {
    const xi = x.subarray(i * sx, i * sx + rows * inner);
    const yi = y.subarray(i * sy, i * sy + inner * cols);
    const target = sum ? product : out.subarray(i * size, (i + 1) * size);
    matmulInto(xi, yi, target, rows, inner, cols, tx, ty);
    if (sum) for (let j = 0; j < size; j++) out[j] += product[j];
  }
}

export function batchMatmulTensors(a: Tensor, b: Tensor, attrs: BatchMatmulAttrs): Tensor {
  const p = plan(a, b, attrs);
  const out = allocate(a.dtype, p.batch * p.m * p.n);
  forEachProduct(a.data, p.strideA, b.data, p.strideB, out, false, p.batch, p.m, p.k, p.n, !!attrs.transA, !!attrs.transB);
  return new Tensor(out, [...p.lead, p.m, p.n]);
}

export const BatchMatmul = defineOp<BatchMatmulAttrs>({
  name: OP,
  inputs: ['a', 'b'],
  formula: 'y_i = a_i\\, b_i \\quad\\text{for every batch entry } i',
  gradFormula: '\\bar a_i = \\bar y_i\\, b_i^\\top,\\quad \\bar b_i = a_i^\\top \\bar y_i \\quad\\text{(summed over } i \\text{ for a shared matrix)}',
  forward: ([a, b], attrs) => [batchMatmulTensors(a, b, attrs)],
  backward: ({ inputs: [a, b], attrs, dys: [g] }) => {
    const { batch, m, k, n, strideA, strideB } = plan(a, b, attrs);
    const [tA, tB] = [!!attrs.transA, !!attrs.transB];
    const gs = m * n;
    const da = allocate(a.dtype, a.size);
    const db = allocate(b.dtype, b.size);
    // As for 2-D matmul, per entry: Ā = Ḡ Bᵀ, B̄ = Aᵀ Ḡ, transposed back where the op read transposed.
    if (tA) forEachProduct(b.data, strideB, g.data, gs, da, strideA === 0, batch, k, n, m, tB, true);
    else forEachProduct(g.data, gs, b.data, strideB, da, strideA === 0, batch, m, n, k, false, !tB);
    if (tB) forEachProduct(g.data, gs, a.data, strideA, db, strideB === 0, batch, n, m, k, true, tA);
    else forEachProduct(a.data, strideA, g.data, gs, db, strideB === 0, batch, k, m, n, !tA, false);
    return [new Tensor(da, a.shape), new Tensor(db, b.shape)];
  },
});
