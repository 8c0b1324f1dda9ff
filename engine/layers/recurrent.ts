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

export interface RecurrentOptions {
  /** Read a batch as (B, T, I) instead of the default time-major (T, B, I), like PyTorch's `batch_first`. */
  batchFirst?: boolean;
}

/** How an input is laid out: one sequence (T, I), or a batch, time-major (T, B, I) or batch-first (B, T, I). */
export type SequenceLayout = 'sequence' | 'time-major' | 'batch-first';

/**
 * The time loop shared by RNN, LSTM and GRU. An input is one sequence (T, I) or a batch: time-major
 * (T, B, I) by default, or (B, T, I) with `batchFirst`. Inside the layer's scope, step t is the scope
 * `t<t>` (`memory/t3/gate_f`) whose first op `x` slices that step's inputs (B, I) out of the input
 * (reshaped once to `x_rows`); one sequence is a batch of one, so its per-step tensors are (1, H).
 * After the loop, each state over all steps is one tensor on the tape, `h` (and `c` for an LSTM),
 * laid out like the input: (T, H), (T, B, H) or (B, T, H).
 */
export abstract class RecurrentLayer extends Layer {
  readonly sizes: RecurrentSizes;
  readonly batchFirst: boolean;
  /** The record of the latest forward pass (gates and states per step), for the debugger. */
  lastRun: RecurrentRun | null = null;
  protected readonly dtype: DType;
  /** What a step carries to the next: `['h']`, or `['h', 'c']`. */
  protected abstract readonly stateKeys: readonly string[];

  constructor(name: string, sizes: RecurrentSizes, options: RecurrentOptions, dtype: DType) {
    super(name);
    checkSizes(name, { ...sizes });
    this.sizes = { ...sizes };
    this.batchFirst = options.batchFirst ?? false;
    this.dtype = dtype;
  }

  /** The cell the gate views draw (protocol `GateView.cell`). */
  get cellKind(): string {
    return this.kind;
  }

  /** One time step inside its scope: x (B, I) and the state → every named tensor of the step, the new state included. */
  protected abstract cell(tape: Tape, x: Tensor, state: RecurrentState): StepRecord;

  /**
   * Runs the whole sequence. `initial` states (`h`, `c`) are (H) or (1, H) for one sequence and
   * (B, H) for a batch; missing ones start at zero.
   */
  forward(tape: Tape, x: Tensor, initial: RecurrentState = {}): RecurrentRun {
    const layout = this.checkInput(x);
    const I = this.sizes.inputSize;
    const [T, B] = layout === 'batch-first' ? [x.shape[1], x.shape[0]] : [x.shape[0], layout === 'sequence' ? 1 : x.shape[1]];
    const run = this.scoped(tape, () => {
      tape.markCell(this.cellKind);
      let state = this.initialState(tape, initial, B, layout !== 'sequence');
      // One slice per step: rows t·B … t·B+B−1 of (T·B, I), or columns t·I … t·I+I−1 of (B, T·I).
      const rowsShape = layout === 'batch-first' ? [B, T * I] : [T * B, I];
      const rows = layout === 'sequence' ? x : tape.apply('reshape', [x], { shape: rowsShape }, 'x_rows');
      const [axis, width] = layout === 'batch-first' ? [1, I] : [0, B];
      const steps: StepRecord[] = [];
      for (let t = 0; t < T; t++) {
        const rec = tape.withScope(`t${t}`, () => {
          const xt = tape.apply('slice', [rows], { axis, start: t * width, end: (t + 1) * width }, 'x');
          return this.cell(tape, xt, state);
        });
        steps.push(rec);
        state = this.pick(rec);
      }
      const outputs = Object.fromEntries(this.stateKeys.map((k) => [k, overTime(tape, steps, k, layout)]));
      return new RecurrentRun(this.name, layout, outputs, state, steps);
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

  private checkInput(x: Tensor): SequenceLayout {
    const I = this.sizes.inputSize;
    const fits = (x.rank === 2 || x.rank === 3) && x.shape[x.rank - 1] === I && x.size > 0;
    if (!fits) {
      const batch = this.batchFirst ? `(B, T, ${I}) (batch-first)` : `(T, B, ${I}) (time-major)`;
      fail('E_SHAPE', `input has shape ${formatShape(x.shape)} but the ${this.kind} expects (T, ${I}) or ${batch}`, { layer: this.name });
    }
    if (x.dtype !== this.dtype) fail('E_DTYPE', `input is ${x.dtype} but the layer is ${this.dtype}`, { layer: this.name });
    return x.rank === 2 ? 'sequence' : this.batchFirst ? 'batch-first' : 'time-major';
  }
}

/** Each state over all steps: (1, H) rows concatenated → (T, H), or (B, H) stacked → (T, B, H) / (B, T, H). */
function overTime(tape: Tape, steps: readonly StepRecord[], key: string, layout: SequenceLayout): Tensor {
  const parts = steps.map((s) => s[key]);
  if (layout === 'sequence') return tape.apply('concat', parts, { axis: 0 }, key);
  return tape.apply('stack', parts, { axis: layout === 'batch-first' ? 1 : 0 }, key);
}

/** One gate inside the current step scope: `lin_<g>` = v Wᵀ, `pre_<g>` = lin + b, then the activation op, named `name`. */
export function gate(tape: Tape, v: Tensor, W: Tensor, b: Tensor, g: string, activation: string, name: string): Tensor {
  const lin = tape.apply('matmul', [v, W], { transB: true }, `lin_${g}`);
  const pre = tape.apply('add', [lin, b], {}, `pre_${g}`);
  return tape.apply(activation, [pre], {}, name);
}
