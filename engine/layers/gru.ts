import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { uniformInit } from './layer';
import { param } from './params';
import { gate, RecurrentLayer, type RecurrentOptions, type RecurrentSizes } from './recurrent';
import type { RecurrentState, StepRecord } from './recurrent-run';

export interface GRUOptions extends RecurrentOptions {
  /** `textbook` (default) or `torch`: PyTorch's cell (see test/reference/README.md §5.8). */
  form?: 'textbook' | 'torch';
}

/**
 * Gated recurrent unit, in one of two forms that are different functions.
 *
 * textbook — params `W_r W_z W_h` (H, H+I), `b_r b_z b_h` (H); per step `x`, `hx`, `lin_r`, `pre_r`,
 * `gate_r`, the same for z, `r_h`, `rh_x`, `lin_h`, `pre_h`, `candidate`, `cand_minus_h`, `z_dh`, `h`:
 *   r = σ(W_r [h, x] + b_r),  z = σ(W_z [h, x] + b_z),  h̃ = tanh(W_h [r ⊙ h, x] + b_h),
 *   h_t = (1 − z) ⊙ h + z ⊙ h̃  computed as  h + z ⊙ (h̃ − h).
 *
 * torch — params `W_ih` (3H, I), `W_hh` (3H, H), `b_ih`, `b_hh` (3H), row blocks r, z, n; per step
 * `x`, `Wx`, `gi`, `Wh`, `gh`, the slices `gi_r gi_z gi_n gh_r gh_z gh_n`, `pre_r`, `gate_r`, `pre_z`,
 * `gate_z`, `r_ghn`, `pre_n`, `gate_n`, `h_minus_n`, `z_dh`, `h`:
 *   r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z),  n = tanh(gi_n + r ⊙ gh_n)   (b_hn inside the r-product),
 *   h_t = (1 − z) ⊙ n + z ⊙ h  computed as  n + z ⊙ (h − n).
 * Recorded per step: gate_r, gate_z, candidate (textbook) or gate_n (torch), h.
 */
export class GRU extends RecurrentLayer {
  readonly kind = 'gru';
  protected readonly stateKeys = ['h'] as const;
  readonly form: 'textbook' | 'torch';

  override get cellKind(): string {
    return this.form === 'torch' ? 'gru_torch' : 'gru';
  }

  /** Weights U(±1/√H) as in PyTorch; biases 0. */
  constructor(name: string, sizes: RecurrentSizes, options: GRUOptions, rng: Rng, dtype: DType = 'float64') {
    super(name, sizes, options, dtype);
    this.form = options.form ?? 'textbook';
    const { inputSize: I, hiddenSize: H } = sizes;
    const w = (shape: [number, number]) => uniformInit(rng, shape, 1 / Math.sqrt(H), dtype);
    if (this.form === 'textbook') {
      for (const g of ['r', 'z', 'h']) this.addParam(`W_${g}`, w([H, H + I]));
      for (const g of ['r', 'z', 'h']) this.addParam(`b_${g}`, Tensor.zeros([H], dtype));
    } else if (this.form === 'torch') {
      this.addParam('W_ih', w([3 * H, I]));
      this.addParam('W_hh', w([3 * H, H]));
      this.addParam('b_ih', Tensor.zeros([3 * H], dtype));
      this.addParam('b_hh', Tensor.zeros([3 * H], dtype));
    } else fail('E_ATTR', `form must be textbook or torch, got "${String(this.form)}"`, { layer: name });
  }

  protected cell(tape: Tape, x: Tensor, state: RecurrentState): StepRecord {
    return this.form === 'textbook' ? this.textbookCell(tape, x, state.h) : this.torchCell(tape, x, state.h);
  }

  private textbookCell(tape: Tape, x: Tensor, h: Tensor): StepRecord {
    const hx = tape.apply('concat', [h, x], { axis: 1 }, 'hx');
    const gate_r = gate(tape, hx, param(this, 'W_r'), param(this, 'b_r'), 'r', 'sigmoid', 'gate_r');
    const gate_z = gate(tape, hx, param(this, 'W_z'), param(this, 'b_z'), 'z', 'sigmoid', 'gate_z');
    const rh = tape.apply('mul', [gate_r, h], {}, 'r_h');
    const rhx = tape.apply('concat', [rh, x], { axis: 1 }, 'rh_x');
    const candidate = gate(tape, rhx, param(this, 'W_h'), param(this, 'b_h'), 'h', 'tanh', 'candidate');
    const dh = tape.apply('sub', [candidate, h], {}, 'cand_minus_h');
    const zdh = tape.apply('mul', [gate_z, dh], {}, 'z_dh');
    return { gate_r, gate_z, candidate, h: tape.apply('add', [h, zdh], {}, 'h') };
  }

  private torchCell(tape: Tape, x: Tensor, h: Tensor): StepRecord {
    const H = this.sizes.hiddenSize;
    const affine = (v: Tensor, W: string, b: string, lin: string, name: string) =>
      tape.apply('add', [tape.apply('matmul', [v, param(this, W)], { transB: true }, lin), param(this, b)], {}, name);
    const gi = affine(x, 'W_ih', 'b_ih', 'Wx', 'gi');
    const gh = affine(h, 'W_hh', 'b_hh', 'Wh', 'gh');
    const block = (v: Tensor, k: number, name: string) => tape.apply('slice', [v], { axis: 1, start: k * H, end: (k + 1) * H }, name);
    const [gi_r, gi_z, gi_n] = ['r', 'z', 'n'].map((g, k) => block(gi, k, `gi_${g}`));
    const [gh_r, gh_z, gh_n] = ['r', 'z', 'n'].map((g, k) => block(gh, k, `gh_${g}`));
    const gate_r = tape.apply('sigmoid', [tape.apply('add', [gi_r, gh_r], {}, 'pre_r')], {}, 'gate_r');
    const gate_z = tape.apply('sigmoid', [tape.apply('add', [gi_z, gh_z], {}, 'pre_z')], {}, 'gate_z');
    const rghn = tape.apply('mul', [gate_r, gh_n], {}, 'r_ghn');
    const gate_n = tape.apply('tanh', [tape.apply('add', [gi_n, rghn], {}, 'pre_n')], {}, 'gate_n');
    const dh = tape.apply('sub', [h, gate_n], {}, 'h_minus_n');
    const zdh = tape.apply('mul', [gate_z, dh], {}, 'z_dh');
    return { gate_r, gate_z, gate_n, h: tape.apply('add', [gate_n, zdh], {}, 'h') };
  }
}
