import type { Tape } from '../../autograd/tape';
import { Tensor } from '../../tensor/tensor';

/**
 * ONNX's recurrent weights as the parameters of Backstep's layers, computed on the tape (slice,
 * concat, add) so that gradients reach the ONNX initializers. ONNX stacks G gate blocks of H rows:
 * W (1, G·H, I) on x, R (1, G·H, H) on h, B (1, 2·G·H) = [Wb, Rb]; the blocks are i, o, f, c for
 * LSTM, z, r, h for GRU, one block for RNN. Each cell adds Wb and Rb where they meet, so the sum
 * b = Wb + Rb is the bias of a layer with one bias per gate.
 */
export interface OnnxWeights {
  /** (G·H, I), (G·H, H) and (2·G·H) or null: the initializers with the direction axis dropped. */
  readonly W: Tensor;
  readonly R: Tensor;
  readonly B: Tensor | null;
  readonly H: number;
}

const LSTM_BLOCK = { i: 0, o: 1, f: 2, c: 3 } as const;
const GRU_BLOCK = { z: 0, r: 1, n: 2 } as const;

/** Rows k·H … (k+1)·H of a stack of gate blocks. */
function block(tape: Tape, m: Tensor, k: number, H: number, name: string): Tensor {
  return tape.apply('slice', [m], { axis: 0, start: k * H, end: (k + 1) * H }, name);
}

/** Block k of Wb plus block k of Rb, or zeros without B; G blocks in each half of B. */
function bias(tape: Tape, w: OnnxWeights, G: number, k: number, g: string, name: string): Tensor {
  if (!w.B) return Tensor.zeros([w.H], w.W.dtype, name);
  const bW = block(tape, w.B, k, w.H, `bW_${g}`);
  const bR = block(tape, w.B, G + k, w.H, `bR_${g}`);
  return tape.apply('add', [bW, bR], {}, name);
}

/** engine/layers/lstm.ts: `W_g` (H, H+I) acting on [h, x], so W_g = [R_g | W_g]; `b_g` = Wb_g + Rb_g. */
export function lstmParams(tape: Tape, w: OnnxWeights): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const g of ['f', 'i', 'c', 'o'] as const) {
    const k = LSTM_BLOCK[g];
    const parts = [block(tape, w.R, k, w.H, `Wh_${g}`), block(tape, w.W, k, w.H, `Wx_${g}`)];
    out[`W_${g}`] = tape.apply('concat', parts, { axis: 1 }, `W_${g}`);
    out[`b_${g}`] = bias(tape, w, 4, k, g, `b_${g}`);
  }
  return out;
}

/**
 * engine/layers/gru.ts, form torch (= ONNX linear_before_reset = 1): `W_ih` (3H, I), `W_hh` (3H, H),
 * `b_ih`, `b_hh` (3H), blocks r, z, n — ONNX's z, r, h reordered.
 */
export function gruTorchParams(tape: Tape, w: OnnxWeights): Record<string, Tensor> {
  const order = ['r', 'z', 'n'] as const;
  const stack = (m: Tensor, prefix: string, name: string) =>
    tape.apply('concat', order.map((g) => block(tape, m, GRU_BLOCK[g], w.H, `${prefix}_${g}`)), { axis: 0 }, name);
  const halves = (): [Tensor, Tensor] => {
    if (!w.B) return [Tensor.zeros([3 * w.H], w.W.dtype, 'b_ih'), Tensor.zeros([3 * w.H], w.W.dtype, 'b_hh')];
    const Wb = tape.apply('slice', [w.B], { axis: 0, start: 0, end: 3 * w.H }, 'Wb');
    const Rb = tape.apply('slice', [w.B], { axis: 0, start: 3 * w.H, end: 6 * w.H }, 'Rb');
    return [stack(Wb, 'bW', 'b_ih'), stack(Rb, 'bR', 'b_hh')];
  };
  const [b_ih, b_hh] = halves();
  return { W_ih: stack(w.W, 'Wx', 'W_ih'), W_hh: stack(w.R, 'Wh', 'W_hh'), b_ih, b_hh };
}

/**
 * engine/layers/gru.ts, form textbook (= ONNX linear_before_reset = 0, r applied to h before R):
 * `W_g` (H, H+I) on [h, x], `b_g` = Wb_g + Rb_g. The textbook z weighs the candidate where ONNX's
 * weighs the old state: z = 1 − z_onnx = σ(−a), so the z rows and bias are negated.
 */
export function gruTextbookParams(tape: Tape, w: OnnxWeights): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const g of ['r', 'z', 'h'] as const) {
    const k = GRU_BLOCK[g === 'h' ? 'n' : g];
    const W = tape.apply('concat', [block(tape, w.R, k, w.H, `Wh_${g}`), block(tape, w.W, k, w.H, `Wx_${g}`)], { axis: 1 }, g === 'z' ? 'W_z_onnx' : `W_${g}`);
    const b = bias(tape, w, 3, k, g, g === 'z' ? 'b_z_onnx' : `b_${g}`);
    out[`W_${g}`] = g === 'z' ? tape.apply('neg', [W], {}, 'W_z') : W;
    out[`b_${g}`] = g === 'z' ? tape.apply('neg', [b], {}, 'b_z') : b;
  }
  return out;
}

/** engine/layers/rnn.ts: `W_xh` = W, `W_hh` = R, `b_h` = Wb + Rb. */
export function rnnParams(tape: Tape, w: OnnxWeights): Record<string, Tensor> {
  return { W_xh: w.W, W_hh: w.R, b_h: bias(tape, w, 1, 0, 'h', 'b_h') };
}
