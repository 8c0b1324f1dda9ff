import type { Tape } from '../autograd/tape';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { uniformInit } from './layer';
import { param } from './params';
import { gate, RecurrentLayer, type RecurrentOptions, type RecurrentSizes } from './recurrent';
import type { RecurrentState, StepRecord } from './recurrent-run';

export interface LSTMOptions extends RecurrentOptions {
  /** Initial value of b_f (default 1, so the cell starts by remembering: Jozefowicz et al. 2015). */
  forgetBias?: number;
}

/**
 * The textbook LSTM over z_t = [h_{t−1}, x_t] (h first):
 *   f = σ(W_f z + b_f), i = σ(W_i z + b_i), c̃ = tanh(W_c z + b_c),
 *   c_t = f ⊙ c_{t−1} + i ⊙ c̃,  o = σ(W_o z + b_o),  h_t = o ⊙ tanh(c_t).
 * Params `W_f W_i W_c W_o` (H, H+I) and `b_f b_i b_c b_o` (H). Per step t: `x`, `hx`, then for each
 * gate g ∈ f, i, c, o the ops `lin_g`, `pre_g`, `gate_g`, with `f_c`, `i_g`, `c` after gate_c and
 * `tanh_c`, `h` after gate_o. Recorded per step: gate_f, gate_i, gate_c (= c̃), c, gate_o, h.
 */
export class LSTM extends RecurrentLayer {
  readonly kind = 'lstm';
  protected readonly stateKeys = ['h', 'c'] as const;

  /** Weights U(±1/√H) as in PyTorch; biases 0 except b_f. */
  constructor(name: string, sizes: RecurrentSizes, options: LSTMOptions, rng: Rng, dtype: DType = 'float64') {
    super(name, sizes, options, dtype);
    const { inputSize: I, hiddenSize: H } = sizes;
    for (const g of ['f', 'i', 'c', 'o']) this.addParam(`W_${g}`, uniformInit(rng, [H, H + I], 1 / Math.sqrt(H), dtype));
    this.addParam('b_f', Tensor.full([H], options.forgetBias ?? 1, dtype));
    for (const g of ['i', 'c', 'o']) this.addParam(`b_${g}`, Tensor.zeros([H], dtype));
  }

  protected cell(tape: Tape, x: Tensor, state: RecurrentState): StepRecord {
    const hx = tape.apply('concat', [state.h, x], { axis: 1 }, 'hx');
    const g = (k: string, act: string) => gate(tape, hx, param(this, `W_${k}`), param(this, `b_${k}`), k, act, `gate_${k}`);
    const gate_f = g('f', 'sigmoid');
    const gate_i = g('i', 'sigmoid');
    const gate_c = g('c', 'tanh');
    const fc = tape.apply('mul', [gate_f, state.c], {}, 'f_c');
    const ig = tape.apply('mul', [gate_i, gate_c], {}, 'i_g');
    const c = tape.apply('add', [fc, ig], {}, 'c');
    const gate_o = g('o', 'sigmoid');
    const tanhC = tape.apply('tanh', [c], {}, 'tanh_c');
    const h = tape.apply('mul', [gate_o, tanhC], {}, 'h');
    return { gate_f, gate_i, gate_c, c, gate_o, h };
  }
}
