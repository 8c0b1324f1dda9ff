import { fail } from '../errors';
import { matmulInto } from '../kernels/matmul';
import { allocate } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { defineOp } from './registry';

type MatmulAttrs = { transA?: boolean; transB?: boolean };

/** Rows × cols of op(X) for a 2-D X. */
function dims(x: Tensor, trans: boolean | undefined, which: string): [number, number] {
  if (x.rank !== 2) fail('E_SHAPE', `${which} must be 2-D, got ${formatShape(x.shape)}`, { op: 'matmul' });
  return trans ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
}

export function matmulTensors(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  const [m, k] = dims(a, transA, 'a');
  const [k2, n] = dims(b, transB, 'b');
  if (k !== k2) {
    const ta = transA ? 'ᵀ' : '';
    const tb = transB ? 'ᵀ' : '';
    fail('E_SHAPE', `a${ta} ${formatShape([m, k])} and b${tb} ${formatShape([k2, n])} do not fit: inner sizes ${k} ≠ ${k2}`, { op: 'matmul' });
  }
  const out = allocate(a.dtype, m * n);
  matmulInto(a.data, b.data, out, m, k, n, transA, transB);
  return new Tensor(out, [m, n]);
}

/** y = op(a) op(b), with op = transpose where `transA`/`transB` are set. */
export const Matmul = defineOp<MatmulAttrs>({
  name: 'matmul',
  inputs: ['a', 'b'],
  formula: 'y = a\\,b',
  gradFormula: '\\bar a = \\bar y\\, b^\\top,\\quad \\bar b = a^\\top \\bar y',
  forward: ([a, b], { transA, transB }) => [matmulTensors(a, b, transA, transB)],
  backward: ({ inputs: [a, b], attrs: { transA, transB }, dys: [g], needsGrad: [na, nb] }) => {
    // y = A B with A = op(a), B = op(b):  Ā = Ḡ Bᵀ, B̄ = Aᵀ Ḡ, then transposed back where op transposed.
    // A data batch needs no gradient: skipping it saves a whole matmul per layer.
    const da = !na ? null : transA ? matmulTensors(b, g, transB, true) : matmulTensors(g, b, false, !transB);
    const db = !nb ? null : transB ? matmulTensors(g, a, true, transA) : matmulTensors(a, g, !transA, false);
    return [da, db];
  },
});

export const Transpose = defineOp({
  name: 'transpose',
  inputs: ['x'],
  formula: 'y = x^\\top',
  forward: ([x]) => [transpose2d(x)],
  backward: ({ dys: [g] }) => [transpose2d(g)],
});

export function transpose2d(x: Tensor): Tensor {
  if (x.rank !== 2) fail('E_SHAPE', `transpose needs a 2-D tensor, got ${formatShape(x.shape)}`, { op: 'transpose' });
  const [r, c] = x.shape;
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
  return new Tensor(out, [c, r]);
}
