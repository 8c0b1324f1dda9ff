import { fail } from '../errors';
import { allocate } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import type { SequenceLayout } from './recurrent';

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
    /** One (T, I) sequence, or a batch (T, B, I) time-major or (B, T, I) batch-first. */
    readonly layout: SequenceLayout,
    /** On the tape: each state over all steps, laid out like the input — `h`, and `c` for an LSTM. */
    readonly outputs: Readonly<Record<string, Tensor>>,
    /** On the tape: the state after the last step, each (B, H) or (1, H); feeds a decoder. */
    readonly final: RecurrentState,
    readonly steps: readonly StepRecord[],
  ) {}

  /** h_t for every t, on the tape: (T, H), (T, B, H) or (B, T, H). */
  get h(): Tensor {
    return this.outputs.h;
  }

  /** The names recorded at every step, e.g. gate_f, gate_i, gate_c, c, gate_o, h. */
  get keys(): string[] {
    return Object.keys(this.steps[0] ?? {});
  }

  /**
   * A copy (not on the tape) of one recorded tensor over time: (T, H) for one sequence or for the
   * given batch row — rows are time steps, columns units: a heatmap — and for a whole batch laid
   * out like the input, (T, B, H) or (B, T, H).
   */
  timeline(key: string, batchIndex?: number): Tensor {
    const first = this.steps[0]?.[key];
    if (!first) fail('E_ARGUMENT', `no per-step tensor "${key}" (recorded: ${this.keys.join(', ')})`, { layer: this.layer });
    const [B, H] = first.shape;
    const T = this.steps.length;
    if (batchIndex === undefined) {
      const data = allocate(first.dtype, T * B * H);
      const batchFirst = this.layout === 'batch-first';
      this.steps.forEach((s, t) => {
        if (!batchFirst) data.set(s[key].data, t * B * H);
        else for (let b = 0; b < B; b++) data.set(s[key].data.subarray(b * H, (b + 1) * H), (b * T + t) * H);
      });
      const shape = this.layout === 'sequence' ? [T, H] : batchFirst ? [B, T, H] : [T, B, H];
      return new Tensor(data, shape, `${this.layer}.${key}`);
    }
    if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex >= B) {
      fail('E_INDEX', `batch index ${batchIndex} is not in [0, ${B})`, { layer: this.layer });
    }
    const data = allocate(first.dtype, T * H);
    this.steps.forEach((s, t) => data.set(s[key].data.subarray(batchIndex * H, (batchIndex + 1) * H), t * H));
    return new Tensor(data, [T, H], `${this.layer}.${key}[${batchIndex}]`);
  }
}
