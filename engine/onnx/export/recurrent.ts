import { fail } from '../../errors';
import type { Tensor } from '../../tensor/tensor';
import { inputShape, paramOf, tensorInput, type ExportWire, type LayerExport, type LayerExporter } from './context';

/**
 * Recurrent layers as ONNX's own LSTM, GRU and RNN ops (one direction, time-major: the batch-first
 * input is transposed to (T, B, I) and back). ONNX keeps input and recurrent weights apart (W, R)
 * and two biases (Wb, Rb); Backstep multiplies [h, x] (h first) by one matrix per gate, so W is a
 * gate's columns H: and R its columns :H, and Rb is 0.
 *
 * Gate orders: ONNX LSTM stacks i, o, f, c; GRU z, r, h. Backstep's textbook GRU keeps h where its z
 * is 0 (h_t = h + z (h̃ − h)) and ONNX where its z is 1, so ONNX's z = 1 − z = σ(−(W_z [h, x] + b_z)):
 * the z rows are negated. The `form: torch` GRU is ONNX's with linear_before_reset = 1, rows r, z, n
 * reordered to z, r, n.
 */
type Gates = { W: Float32Array; R: Float32Array; Wb: Float32Array; Rb: Float32Array };

/** Rows of one gate (H, H+I) split into its x columns and h columns, times `sign`. */
function splitGate(t: Tensor, H: number, I: number, sign = 1): { x: number[]; h: number[] } {
  const x: number[] = [];
  const h: number[] = [];
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < H; c++) h.push(sign * t.data[r * (H + I) + c]);
    for (let c = 0; c < I; c++) x.push(sign * t.data[r * (H + I) + H + c]);
  }
  return { x, h };
}

/** Stacks per-gate [h, x] matrices and biases in ONNX order; `signs` negates a gate. */
function fromConcat(x: LayerExport, order: readonly string[], H: number, I: number, signs: Readonly<Record<string, number>> = {}): Gates {
  const parts = order.map((g) => splitGate(paramOf(x, `W_${g}`), H, I, signs[g] ?? 1));
  const biases = order.flatMap((g) => Array.from(paramOf(x, `b_${g}`).data, (v) => (signs[g] ?? 1) * v));
  return { W: Float32Array.from(parts.flatMap((p) => p.x)), R: Float32Array.from(parts.flatMap((p) => p.h)), Wb: Float32Array.from(biases), Rb: new Float32Array(order.length * H) };
}

/** PyTorch-layout blocks (3H, ·) reordered r, z, n → z, r, n. */
function torchGru(x: LayerExport, H: number): Gates {
  const reorder = (t: Tensor) => {
    const width = t.shape.length === 2 ? t.shape[1] : 1;
    const block = (k: number) => Array.from(t.data.subarray(k * H * width, (k + 1) * H * width));
    return Float32Array.from([...block(1), ...block(0), ...block(2)]);
  };
  return { W: reorder(paramOf(x, 'W_ih')), R: reorder(paramOf(x, 'W_hh')), Wb: reorder(paramOf(x, 'b_ih')), Rb: reorder(paramOf(x, 'b_hh')) };
}

function rnnGates(x: LayerExport, H: number): Gates {
  return { W: Float32Array.from(paramOf(x, 'W_xh').data), R: Float32Array.from(paramOf(x, 'W_hh').data), Wb: Float32Array.from(paramOf(x, 'b_h').data), Rb: new Float32Array(H) };
}

const SPEC = {
  lstm: { op: 'LSTM', gates: 4 },
  gru: { op: 'GRU', gates: 3 },
  rnn: { op: 'RNN', gates: 1 },
} as const;

const recurrent: LayerExporter = (x) => {
  const kind = x.layer.kind as keyof typeof SPEC;
  const { op, gates } = SPEC[kind];
  const H = x.attrs.num('hidden');
  const I = x.attrs.num('in');
  const shape = inputShape(x);
  if (shape.length !== 3 && shape.length !== 2) fail('E_SHAPE', `ONNX export takes a recurrent input of shape (B, T, I) or (T, I), got rank ${shape.length}`, { layer: x.layer.name });
  const g = x.graph;
  const scope = x.layer.name;
  const p = kind === 'lstm' ? fromConcat(x, ['i', 'o', 'f', 'c'], H, I) : kind === 'rnn' ? rnnGates(x, H) : x.attrs.str('form') === 'torch' ? torchGru(x, H) : fromConcat(x, ['z', 'r', 'h'], H, I, { z: -1 });
  const W = g.weight(`${scope}.W`, [1, gates * H, I], p.W);
  const R = g.weight(`${scope}.R`, [1, gates * H, H], p.R);
  const B = g.weight(`${scope}.B`, [1, 2 * gates * H], Float32Array.from([...p.Wb, ...p.Rb]));
  const batched = shape.length === 3 ? tensorInput(x) : g.node(scope, 'Unsqueeze', [tensorInput(x), g.ints(`${scope}/axes0`, [0])]);
  const X = g.node(scope, 'Transpose', [batched], { perm: [1, 0, 2] });
  const state = x.inputs.state?.[0];
  const initial = state?.kind === 'state' ? [state.h, state.c] : [null, null];
  const axes0 = () => g.ints(`${scope}/axes0`, [0]);
  const lift = (v: string | null) => (v === null ? '' : g.node(scope, 'Unsqueeze', [shape.length === 3 ? v : g.node(scope, 'Unsqueeze', [v, axes0()]), axes0()]));
  const inputs = [X, W, R, B, '', lift(initial[0]), ...(kind === 'lstm' ? [lift(initial[1])] : [])];
  while (inputs[inputs.length - 1] === '') inputs.pop();
  const attrs = { hidden_size: H, ...(kind === 'gru' ? { linear_before_reset: x.attrs.str('form') === 'torch' ? 1 : 0 } : {}), ...(kind === 'rnn' ? { activations: { strings: [x.attrs.str('nonlinearity') === 'relu' ? 'Relu' : 'Tanh'] } } : {}) };
  const [Y, Yh, Yc] = g.nodeN(scope, op, inputs, kind === 'lstm' ? 3 : 2, attrs);
  // Y (T, 1, B, H) → (B, T, H); Y_h (1, B, H) → (B, H); a single sequence drops its batch axis too.
  const squeeze = (v: string, axis: number) => g.node(scope, 'Squeeze', [v, g.ints(`${scope}/axes`, [axis])]);
  const single = (v: string) => (shape.length === 3 ? v : squeeze(v, 0));
  const h = single(squeeze(Yh, 0));
  const c = kind === 'lstm' ? single(squeeze(Yc, 0)) : null;
  const out = x.attrs.str('return') === 'last' ? h : single(g.node(scope, 'Transpose', [squeeze(Y, 1)], { perm: [1, 0, 2] }));
  const wires: Record<string, ExportWire> = { out: { kind: 'tensor', name: out, dtype: 'float' }, state: { kind: 'state', h, c } };
  return wires;
};

export const RECURRENT_EXPORTERS: Readonly<Record<string, LayerExporter>> = { lstm: recurrent, gru: recurrent, rnn: recurrent };
