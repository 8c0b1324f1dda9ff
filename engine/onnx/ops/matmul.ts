import { fail } from '../../errors';
import { broadcastShapes, formatShape, sameShape } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { defineOnnxOp, type OnnxNodeCall } from '../handlers';
import { checkedSize, composite, floatAttr, input, intAttr, shapeIn, single } from './util';

/**
 * ONNX MatMul (NumPy matmul: 1-D operands gain an axis, batch axes broadcast) on the engine's matmul
 * (2-D) and batch_matmul (shared batch axes, or one plain matrix shared by the batch); Gemm as
 * matmul + bias.
 */
defineOnnxOp({
  opType: 'MatMul',
  attributes: [],
  check: ({ inputShapes: [a, b] }) => (a && b && (a.length === 1 || b.length === 1) ? 'a 1-D operand is not supported (the matrices must be at least 2-D)' : null),
  shape: (call) => [matmulShape(shapeIn(call, 0), shapeIn(call, 1))],
  apply: (call) => [matmul(call, input(call, 0), input(call, 1))],
});

/** (…, m, k) × (…, k, n) → (broadcast …, m, n), bounded: an outer product can be far larger than its operands. */
function matmulShape(a: readonly number[], b: readonly number[]): number[] {
  if (a.length < 2 || b.length < 2) fail('E_SHAPE', `operands ${formatShape(a)} and ${formatShape(b)}: 1-D operands are not supported`);
  const [k, k2] = [a[a.length - 1], b[b.length - 2]];
  if (k !== k2) fail('E_SHAPE', `${formatShape(a)} and ${formatShape(b)} do not fit: inner sizes ${k} ≠ ${k2}`);
  const out = [...broadcastShapes(a.slice(0, -2), b.slice(0, -2), 'matmul'), a[a.length - 2], b[b.length - 1]];
  checkedSize(out);
  return out;
}

function matmul(call: OnnxNodeCall, a: Tensor, b: Tensor): Tensor {
  matmulShape(a.shape, b.shape);
  if (a.rank === 2 && b.rank === 2) return single(call, 'matmul', [a, b]);
  const [leadA, leadB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  const same = leadA.length === leadB.length && leadA.every((d, i) => d === leadB[i]);
  if (same || a.rank === 2 || b.rank === 2) return single(call, 'batch_matmul', [a, b]);
  // Different batch axes: expand both to their broadcast first.
  const lead = broadcastShapes(leadA, leadB, 'matmul');
  return composite(call, () => {
    const ea = call.tape.apply('expand', [a], { shape: [...lead, ...a.shape.slice(-2)] });
    const eb = call.tape.apply('expand', [b], { shape: [...lead, ...b.shape.slice(-2)] });
    return call.tape.apply('batch_matmul', [ea, eb]);
  });
}

/** y = α op(A) op(B) + β C. */
defineOnnxOp({
  opType: 'Gemm',
  attributes: ['alpha', 'beta', 'transA', 'transB'],
  shape: (call) => {
    const [a, b] = [shapeIn(call, 0), shapeIn(call, 1)];
    if (a.length !== 2 || b.length !== 2) fail('E_SHAPE', `Gemm multiplies matrices; got ${formatShape(a)} and ${formatShape(b)}`);
    const at = intAttr(call, 'transA', 0) === 1 ? [a[1], a[0]] : a;
    const bt = intAttr(call, 'transB', 0) === 1 ? [b[1], b[0]] : b;
    const out = matmulShape(at, bt);
    const c = call.shapes[2];
    if (c && !sameShape(broadcastShapes(out, c, 'Gemm'), out)) fail('E_SHAPE', `C ${formatShape(c)} does not broadcast to the product ${formatShape(out)}`);
    return [out];
  },
  apply: (call) => {
    const [alpha, beta] = [floatAttr(call, 'alpha', 1), floatAttr(call, 'beta', 1)];
    const attrs = { transA: intAttr(call, 'transA', 0) === 1, transB: intAttr(call, 'transB', 0) === 1 };
    const c = call.inputs[2] ?? null;
    if (!c && alpha === 1) return [single(call, 'matmul', [input(call, 0), input(call, 1)], attrs)];
    return [
      composite(call, () => {
        const t = call.tape;
        const ab = t.apply('matmul', [input(call, 0), input(call, 1)], attrs);
        const scaled = alpha === 1 ? ab : t.apply('scale', [ab], { s: alpha });
        if (!c) return scaled;
        return t.apply('add', [scaled, beta === 1 ? c : t.apply('scale', [c], { s: beta })]);
      }),
    ];
  },
});
