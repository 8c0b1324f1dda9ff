import type { Tape } from '../autograd/tape';
import { fail } from '../errors';
import type { DType } from '../tensor/dtype';
import { formatShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { checkSizes } from './checks';
import { Layer } from './layer';
import { RecurrentRun, type RecurrentState, type StepRecord } from './recurrent-run';

export interface RecurrentSizes {
  inputSize: number;
  hiddenSize: number;
}

/**
 * The time loop shared by RNN, LSTM and GRU. Inputs are time-major: one sequence (T, I), or a batch
 * (T, B, I) whose step t is the rows x[t] (B, I). Inside the layer's scope, step t is the scope `t<t>`
 * (`memory/t3/gate_f`), whose first op `x` takes rows t·B … t·B+B−1 of the input; a one-sequence
 * input is a batch of one, so per-step tensors are (1, H). After the loop, each state over all steps
 * is one tensor on the tape, `h` (T, H) or (T, B, H) (and `c` for an LSTM).
 */
export abstract class RecurrentLayer extends Layer {
  readonly sizes: RecurrentSizes;
  /** The record of the latest forward pass (gates and states per step), for the debugger. */
  lastRun: RecurrentRun | null = null;
  protected readonly dtype: DType;
  /** What a step carries to the next: `['h']`, or `['h', 'c']`. */
  protected abstract readonly stateKeys: readonly string[];

  constructor(name: string, sizes: RecurrentSizes, dtype: DType) {
    super(name);
    checkSizes(name, { ...sizes });
    this.sizes = { ...sizes };
    this.dtype = dtype;
  }

  /** One time step inside its scope: x (B, I) and the state → every named tensor of the step, the new state included. */
  protected abstract cell(tape: Tape, x: Tensor, state: RecurrentState): StepRecord;

  /**
   * Runs the whole sequence. `initial` states (`h`, `c`) are (H) or (1, H) for one sequence and
   * (B, H) for a batch; missing ones start at zero.
   */
  forward(tape: Tape, x: Tensor, initial: RecurrentState = {}): RecurrentRun {
    const batched = this.checkInput(x);
    const [T, B] = [x.shape[0], batched ? x.shape[1] : 1];
    const run = this.scoped(tape, () => {
      let state = this.initialState(tape, initial, B, batched);
      const rows = batched ? tape.apply('reshape', [x], { shape: [T * B, this.sizes.inputSize] }, 'x_rows') : x;
      const steps: StepRecord[] = [];
      for (let t = 0; t < T; t++) {
        const rec = tape.withScope(`t${t}`, () => {
          const xt = tape.apply('slice', [rows], { axis: 0, start: t * B, end: (t + 1) * B }, 'x');
          return this.cell(tape, xt, state);
        });
        steps.push(rec);
        state = this.pick(rec);
      }
      const outputs = Object.fromEntries(this.stateKeys.map((k) => [k, this.overTime(tape, steps, k, batched)]));
      return new RecurrentRun(this.name, batched, outputs, state, steps);
    });
    this.lastRun = run;
    return run;
  }

  /** A single step t on its own (e.g. a decoder that feeds back its output): x (B, I), state (B, H). */
  step(tape: Tape, x: Tensor, state: RecurrentState, t: number): StepRecord {
    const I = this.sizes.inputSize;
    if (x.rank !== 2 || x.shape[1] !== I) fail('E_SHAPE', `step input has shape ${formatShape(x.shape)}, expected (B, ${I})`, { layer: this.name });
    for (const k of this.stateKeys) {
      if (!state[k]) fail('E_ARGUMENT', `step needs the state "${k}"`, { layer: this.name });
      this.checkState(k, state[k], x.shape[0], true);
    }
    return this.scoped(tape, () => tape.withScope(`t${t}`, () => this.cell(tape, x, state)));
  }

  private pick(rec: StepRecord): RecurrentState {
    return Object.fromEntries(this.stateKeys.map((k) => [k, rec[k]]));
  }

  /** Each state over time: concat of (1, H) rows → (T, H), or stack of (B, H) → (T, B, H). */
  private overTime(tape: Tape, steps: readonly StepRecord[], key: string, batched: boolean): Tensor {
    const parts = steps.map((s) => s[key]);
    return batched ? tape.apply('stack', parts, { axis: 0 }, key) : tape.apply('concat', parts, { axis: 0 }, key);
  }

  private initialState(tape: Tape, initial: RecurrentState, B: number, batched: boolean): RecurrentState {
    const H = this.sizes.hiddenSize;
    const state: Record<string, Tensor> = {};
    for (const k of Object.keys(initial)) {
      if (!this.stateKeys.includes(k)) fail('E_ARGUMENT', `unknown initial state "${k}" (this layer carries ${this.stateKeys.join(', ')})`, { layer: this.name });
    }
    for (const k of this.stateKeys) {
      const given = initial[k];
      if (!given) state[k] = Tensor.zeros([B, H], this.dtype, `${this.name}.${k}0`);
      else if (given.rank === 1 && !batched) {
        this.checkState(k, given, 1, false);
        state[k] = tape.apply('reshape', [given], { shape: [1, H] }, `${k}0`);
      } else state[k] = this.checkState(k, given, B, batched);
    }
    return state;
  }

  private checkState(key: string, s: Tensor, B: number, batched: boolean): Tensor {
    const H = this.sizes.hiddenSize;
    const ok = s.rank === 2 ? s.shape[0] === B && s.shape[1] === H : s.rank === 1 && !batched && s.shape[0] === H;
    if (!ok) {
      const want = batched ? `(${B}, ${H})` : `(${H}) or (1, ${H})`;
      fail('E_SHAPE', `initial state "${key}" has shape ${formatShape(s.shape)}, expected ${want}`, { layer: this.name });
    }
    if (s.dtype !== this.dtype) fail('E_DTYPE', `initial state "${key}" is ${s.dtype} but the layer is ${this.dtype}`, { layer: this.name });
    return s;
  }

  /** True for a batch (T, B, I), false for one sequence (T, I). */
  private checkInput(x: Tensor): boolean {
    const I = this.sizes.inputSize;
    const fits = (x.rank === 2 || x.rank === 3) && x.shape[x.rank - 1] === I && x.shape[0] > 0;
    if (!fits) {
      fail('E_SHAPE', `input has shape ${formatShape(x.shape)} but the ${this.kind} expects (T, ${I}) or, time-major, (T, B, ${I})`, { layer: this.name });
    }
    if (x.dtype !== this.dtype) fail('E_DTYPE', `input is ${x.dtype} but the layer is ${this.dtype}`, { layer: this.name });
    return x.rank === 3;
  }
}

/** One gate inside the current step scope: `lin_<g>` = v Wᵀ, `pre_<g>` = lin + b, then the activation op, named `name`. */
export function gate(tape: Tape, v: Tensor, W: Tensor, b: Tensor, g: string, activation: string, name: string): Tensor {
  const lin = tape.apply('matmul', [v, W], { transB: true }, `lin_${g}`);
  const pre = tape.apply('add', [lin, b], {}, `pre_${g}`);
  return tape.apply(activation, [pre], {}, name);
}
