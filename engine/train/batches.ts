import { Rng } from '../random';

export type RngState = ReturnType<Rng['snapshot']>;

/** Where a sampler stands: plain data, so a checkpoint can hold it. */
export interface SamplerState {
  readonly order: readonly number[];
  readonly cursor: number;
  readonly epoch: number;
  readonly rng: RngState;
}

/**
 * Draws fixed-size batches of example indices, deterministically: each epoch is a permutation of
 * all examples (shuffled by the sampler's own RNG stream when `shuffle` is on and a batch is smaller
 * than the data), and a batch that runs past the end continues into the next epoch, so every batch
 * has the size the model was checked with. A full batch keeps the data's order.
 */
export class BatchSampler {
  private order: number[] = [];
  private cursor = 0;
  private epoch_ = 0;

  constructor(
    readonly size: number,
    readonly batch: number,
    readonly shuffle: boolean,
    private readonly rng: Rng,
  ) {}

  /** Epochs begun so far. */
  get epoch(): number {
    return this.epoch_;
  }

  next(): number[] {
    const out: number[] = [];
    while (out.length < this.batch) {
      if (this.cursor >= this.order.length) this.refill();
      out.push(this.order[this.cursor++]);
    }
    return out;
  }

  snapshot(): SamplerState {
    return { order: [...this.order], cursor: this.cursor, epoch: this.epoch_, rng: this.rng.snapshot() };
  }

  restore(s: SamplerState): void {
    this.order = [...s.order];
    this.cursor = s.cursor;
    this.epoch_ = s.epoch;
    this.rng.restore(s.rng);
  }

  private refill(): void {
    const all = Array.from({ length: this.size }, (_, i) => i);
    this.order = this.shuffle && this.batch < this.size ? this.rng.shuffled(all) : all;
    this.cursor = 0;
    this.epoch_++;
  }
}

/**
 * The trainer's RNG streams, each derived from the file's seed by a fixed odd constant so they never
 * share numbers with the weights' stream (the seed itself) or the data's (engine/model/dataset.ts).
 */
export function batchRng(seed: number): Rng {
  return new Rng((seed ^ 0x85ebca6b) >>> 0);
}

/** Negative samples and other draws made during training. */
export function sampleRng(seed: number): Rng {
  return new Rng((seed ^ 0xc2b2ae35) >>> 0);
}
