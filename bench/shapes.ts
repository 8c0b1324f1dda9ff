/**
 * The three benchmark models, their sizes and matmul FLOP counts (forward, backward and the
 * gradients of every matmul input, i.e. 3 × the forward matmul FLOPs — as in
 * /work/shared/notes/performance.md).
 */

export const MLP_SHAPE = { batch: 64, sizes: [784, 256, 10] } as const;
export const LSTM_SHAPE = { T: 32, batch: 16, input: 64, hidden: 128 } as const;
export const MHA_SHAPE = { T: 64, model: 128, heads: 4 } as const;

const mm = (m: number, k: number, n: number): number => 2 * m * k * n;

export function mlpFlops(): number {
  const { batch, sizes } = MLP_SHAPE;
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += mm(batch, sizes[i], sizes[i + 1]);
  return 3 * f;
}

export function lstmFlops(): number {
  const { T, batch, input, hidden } = LSTM_SHAPE;
  return 3 * T * 4 * mm(batch, hidden + input, hidden);
}

export function mhaFlops(): number {
  const { T, model, heads } = MHA_SHAPE;
  const dh = model / heads;
  return 3 * (4 * mm(T, model, model) + heads * (mm(T, dh, T) + mm(T, T, dh)));
}

/** PyTorch 1.13, OpenBLAS, one thread (performance.md), ms per step. */
export const PYTORCH_MS = { mlp: 5.6, lstm: 8.2, mha: 0.68 } as const;
