import type { TrainingStepRun } from '../../engine/train';
import { accuracy, sampleTrainer, trainAll, valueOf } from './support';

export interface Seq2SeqRun {
  /** Token accuracy over all 512 sequences after training. */
  readonly accuracy: number;
  /** The last step (its tape holds the batch's attention weights). */
  readonly last: TrainingStepRun;
}

const runs = new Map<string, Seq2SeqRun>();

/**
 * Trains a Seq2Seq sample (optionally edited) once per process: the attention sample's test
 * compares with the bottleneck sample's run, which that sample's own test makes as well.
 */
export function trainSeq2Seq(sample: string, edit: (t: string) => string = (t) => t, key = ''): Seq2SeqRun {
  const id = `${sample}|${key}`;
  let run = runs.get(id);
  if (!run) {
    let last: TrainingStepRun | null = null;
    const trainer = sampleTrainer(sample, edit);
    trainAll(trainer, (r) => (last = r));
    run = { accuracy: accuracy(trainer), last: last! };
    runs.set(id, run);
  }
  return run;
}

/** Attention weights (B, Tq, Tk) of a step: per query row, the weight on key Tk − 1 − q and whether it is the largest. */
export function antiDiagonal(run: TrainingStepRun, node: string): { mass: number; argmax: number; rowSums: number[] } {
  const w = valueOf(run, node);
  const [B, Tq, Tk] = w.shape;
  let mass = 0;
  let argmax = 0;
  const rowSums: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let q = 0; q < Tq; q++) {
      const row = Array.from(w.data.subarray((b * Tq + q) * Tk, (b * Tq + q + 1) * Tk));
      mass += row[Tk - 1 - q];
      if (row.indexOf(Math.max(...row)) === Tk - 1 - q) argmax++;
      rowSums.push(row.reduce((s, v) => s + v, 0));
    }
  }
  return { mass: mass / (B * Tq), argmax: argmax / (B * Tq), rowSums };
}
