import { fail } from '../errors';
import { allocate } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

/** Named tensors of one time step (states and gates), each (B, H), or (1, H) for one sequence. */
export type StepRecord = Readonly<Record<string, Tensor>>;

/** The recurrent state carried from step to step: `h`, and `c` for an LSTM. */
export type RecurrentState = Readonly<Record<string, Tensor>>;

/**
 * Everything one forward pass of a recurrent layer computed, kept for the debugger: the tape
 * outputs over all steps, the final state, and each step's gates and states (e.g. for gate heatmaps).
 */
export class RecurrentRun {
  constructor(
    readonly layer: string,
    /** True for a (T, B, I) input; false for one (T, I) sequence. */
    readonly batched: boolean,
    /** On the tape: each state over all steps, (T, H) or (T, B, H) — `h`, and `c` for an LSTM. */
    readonly outputs: Readonly<Record<string, Tensor>>,
    /** On the tape: the state after the last step, each (B, H) or (1, H); feeds a decoder. */
    readonly final: RecurrentState,
    readonly steps: readonly StepRecord[],
  ) {}

  /** h_t for every t, on the tape: (T, H) or (T, B, H). */
  get h(): Tensor {
    return this.outputs.h;
  }

  /** The names recorded at every step, e.g. gate_f, gate_i, gate_c, c, gate_o, h. */
  get keys(): string[] {
    return Object.keys(this.steps[0] ?? {});
  }

  /**
   * A copy (not on the tape) of one recorded tensor over time: (T, H) for one sequence or for the
   * given batch row, (T, B, H) for a whole batch. Rows are time steps, columns units: a heatmap.
   */
  timeline(key: string, batchIndex?: number): Tensor {
    const first = this.steps[0]?.[key];
    if (!first) fail('E_ARGUMENT', `no per-step tensor "${key}" (recorded: ${this.keys.join(', ')})`, { layer: this.layer });
    const [B, H] = first.shape;
    const T = this.steps.length;
    if (batchIndex === undefined) {
      const data = allocate(first.dtype, T * B * H);
      this.steps.forEach((s, t) => data.set(s[key].data, t * B * H));
      return new Tensor(data, this.batched ? [T, B, H] : [T, H], `${this.layer}.${key}`);
    }
    if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex >= B) {
      fail('E_INDEX', `batch index ${batchIndex} is not in [0, ${B})`, { layer: this.layer });
    }
    const data = allocate(first.dtype, T * H);
    this.steps.forEach((s, t) => data.set(s[key].data.subarray(batchIndex * H, (batchIndex + 1) * H), t * H));
    return new Tensor(data, [T, H], `${this.layer}.${key}[${batchIndex}]`);
  }
}
