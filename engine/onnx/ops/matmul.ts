import { fail } from '../../errors';
import { broadcastShapes, formatShape } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';
import { defineOnnxOp, type OnnxNodeCall } from '../handlers';
import { checkedSize, composite, floatAttr, input, intAttr, single } from './util';

/**
 * ONNX MatMul (NumPy matmul: 1-D operands gain an axis, batch axes broadcast) on the engine's matmul
 * (2-D) and batch_matmul (shared batch axes, or one plain matrix shared by the batch); Gemm as
 * matmul + bias.
 */
defineOnnxOp({
  opType: 'MatMul',
  attributes: [],
  check: ({ inputShapes: [a, b] }) => (a && b && (a.length === 1 || b.length === 1) ? 'a 1-D operand is not supported (the matrices must be at least 2-D)' : null),
  apply: (call) => [matmul(call, input(call, 0), input(call, 1))],
});

function matmul(call: OnnxNodeCall, a: Tensor, b: Tensor): Tensor {
  if (a.rank < 2 || b.rank < 2) fail('E_SHAPE', `operands ${formatShape(a.shape)} and ${formatShape(b.shape)}: 1-D operands are not supported`);
  // An outer product can be far larger than its operands.
  checkedSize([...broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul'), a.shape[a.rank - 2], b.shape[b.rank - 1]]);
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
