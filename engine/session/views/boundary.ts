import { Tape } from '../../autograd/tape';
import type { DecisionBoundaryView } from '../../protocol/views';
import { Tensor } from '../../tensor/tensor';
import type { SessionState } from '../state';

const GRID = 41;
const ACTIVATIONS = new Set(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'silu', 'softmax']);

/**
 * For a classifier of 2-D points built from linear layers and activations: the model's output on
 * a grid over the batch's points (probability of class 1, or the score), and the points with their
 * labels. Null for any other model.
 */
export function boundaryView(s: SessionState): DecisionBoundaryView | null {
  const layers = s.trainer.layers;
  if (!layers.length || !layers.every((l) => l.kind === 'linear' || ACTIVATIONS.has(l.kind))) return null;
  const first = s.timeline.outline?.events.find((e) => e.phase === 'forward' && e.node)?.node;
  const lossNode = s.timeline.outline?.events.find((e) => e.phase === 'loss' && e.node)?.node;
  const x = first?.inputs.find((t) => !t.requiresGrad);
  if (!x || x.rank !== 2 || x.shape[1] !== 2) return null;
  const labels = lossNode?.inputs[1];
  const [x0, x1, y0, y1] = bounds(x);
  const grid = Tensor.zeros([GRID * GRID, 2], x.dtype);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      grid.data[(j * GRID + i) * 2] = x0 + ((x1 - x0) * i) / (GRID - 1);
      grid.data[(j * GRID + i) * 2 + 1] = y0 + ((y1 - y0) * j) / (GRID - 1);
    }
  }
  const out = predict(s, grid);
  const cols = out.shape[1] ?? 1;
  const values = Array.from({ length: GRID * GRID }, (_, r) => out.data[r * cols + (cols > 1 ? 1 : 0)]);
  const points = Array.from({ length: x.shape[0] }, (_, r) => ({ x: x.data[r * 2], y: x.data[r * 2 + 1], label: labels ? labels.data[labels.size === x.shape[0] ? r : r * (labels.size / x.shape[0])] : 0 }));
  return { nx: GRID, ny: GRID, x: [x0, x1], y: [y0, y1], values, points };
}

function predict(s: SessionState, input: Tensor): Tensor {
  const tape = new Tape();
  tape.recordGrad = false;
  let h = input;
  for (const l of s.trainer.layers) {
    if (l.kind === 'linear') {
      const [W, b] = l.params;
      h = tape.apply('matmul', [h, W], { transB: true });
      if (b) h = tape.apply('add', [h, b]);
    } else h = tape.apply(l.kind, [h]);
  }
  return h;
}

/** The points' range with a margin of a quarter on each side. */
function bounds(x: Tensor): [number, number, number, number] {
  let [a, b, c, d] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < x.shape[0]; r++) {
    a = Math.min(a, x.data[r * 2]);
    b = Math.max(b, x.data[r * 2]);
    c = Math.min(c, x.data[r * 2 + 1]);
    d = Math.max(d, x.data[r * 2 + 1]);
  }
  const mx = (b - a || 1) * 0.25;
  const my = (d - c || 1) * 0.25;
  return [a - mx, b + mx, c - my, d + my];
}
