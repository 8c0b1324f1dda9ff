import { dict } from '../dict';
import { GrowingArray } from '../tensor/growing';
import type { StepRecord } from '../protocol/views';

/** A step about which nothing is known: every filter may fire. */
const UNKNOWN_HEALTH: StepHealth = { finite: false, maxGradNorm: NaN, minGradNorm: NaN, deadRelu: 1 };

export interface HistoryOptions {
  /** Most detailed records kept (default 16384); beyond it every other one is dropped. */
  readonly detail?: number;
}

/** What one step adds besides its loss and learning rate. */
export type StepDetail = Omit<StepRecord, 'step' | 'loss' | 'lr'>;

/**
 * What the exception filters could have found in a step, kept for every step: Reverse Continue
 * skips the steps where nothing can fire without replaying them.
 */
export interface StepHealth {
  /** No NaN or ±∞ in the forward pass, the loss, the parameter gradients or the updated parameters. */
  readonly finite: boolean;
  /** Largest and smallest gradient norm of a layer (NaN when there is no layer with parameters). */
  readonly maxGradNorm: number;
  readonly minGradNorm: number;
  /** Largest fraction of dead units of a relu (0 without relus). */
  readonly deadRelu: number;
}

/**
 * The per-step record of training, kept small. Loss and learning rate are kept for every step (two
 * numbers each). The detailed record (gradient norms per layer and per time step, gate means,
 * attention entropy, clipping) is kept for every step up to `detail` records; past that the
 * history keeps every 2nd, then every 4th … step, so memory stays bounded however long training runs.
 * Every number is stored in flat columns, never as a tensor.
 */
export class History {
  private readonly loss = new GrowingArray();
  private readonly lr = new GrowingArray();
  private readonly detailSteps = new GrowingArray();
  private readonly columns = new Map<string, GrowingArray>();
  private readonly widths = new Map<string, number>();
  private readonly clipped = new GrowingArray();
  private readonly finite = new GrowingArray();
  private readonly maxNorm = new GrowingArray();
  private readonly minNorm = new GrowingArray();
  private readonly dead = new GrowingArray();
  private readonly valSteps = new GrowingArray(16);
  private readonly valLoss = new GrowingArray(16);
  /** Share of right answers, NaN where the loss has no notion of them. */
  private readonly valAccuracy = new GrowingArray(16);
  private stride = 1;
  private readonly cap: number;

  constructor(options: HistoryOptions = {}) {
    this.cap = Math.max(16, options.detail ?? 16384);
  }

  /** Training steps recorded (1 … recorded). */
  get recorded(): number {
    return this.loss.length;
  }

  /** Every how many steps a detailed record is kept. */
  get detailStride(): number {
    return this.stride;
  }

  needs(step: number): boolean {
    return step === this.recorded + 1;
  }

  add(step: number, loss: number, lr: number, detail: StepDetail, health: StepHealth = UNKNOWN_HEALTH): void {
    if (!this.needs(step)) return;
    this.loss.push(loss);
    this.lr.push(lr);
    this.finite.push(health.finite ? 1 : 0);
    this.maxNorm.push(health.maxGradNorm);
    this.minNorm.push(health.minGradNorm);
    this.dead.push(health.deadRelu);
    if (step % this.stride !== 0) return;
    this.detailSteps.push(step);
    this.clipped.push(detail.clipped ? 1 : 0);
    this.addGroup('g', detail.gradNorms);
    this.addGroup('m', detail.gateMeans);
    this.addGroup('a', detail.attentionEntropy);
    for (const [layer, norms] of Object.entries(detail.timeStepGradNorms)) this.addRow(`t:${layer}`, norms);
    this.padColumns();
    if (this.detailSteps.length > this.cap) this.thin();
  }

  /**
   * The validation after step `step` (once per step, in order). Bounded like the detailed records: past
   * `detail` of them, every other one is dropped (the last kept).
   */
  addValidation(step: number, loss: number, accuracy: number | null): void {
    const n = this.valSteps.length;
    if (n > 0 && this.valSteps.get(n - 1) >= step) return;
    this.valSteps.push(step);
    this.valLoss.push(loss);
    this.valAccuracy.push(accuracy ?? NaN);
    if (this.valSteps.length <= this.cap) return;
    const rows = evenly(this.valSteps.length, Math.ceil(this.cap / 2));
    for (const s of [this.valSteps, this.valLoss, this.valAccuracy]) s.keep(rows);
  }

  /** The validations of steps ≤ `last`, oldest first. */
  validations(last = Infinity): { step: number; loss: number; accuracy: number | null }[] {
    const out: { step: number; loss: number; accuracy: number | null }[] = [];
    for (let r = 0; r < this.valSteps.length && this.valSteps.get(r) <= last; r++) {
      const a = this.valAccuracy.get(r);
      out.push({ step: this.valSteps.get(r), loss: this.valLoss.get(r), accuracy: Number.isNaN(a) ? null : a });
    }
    return out;
  }

  /** Forgets the records after step `last` (an edit changed them; they are recorded again as the steps run). */
  truncate(last: number): void {
    let kept = 0;
    while (kept < this.valSteps.length && this.valSteps.get(kept) <= last) kept++;
    for (const s of [this.valSteps, this.valLoss, this.valAccuracy]) s.truncate(kept);
    if (last >= this.recorded) return;
    for (const s of [this.loss, this.lr, this.finite, this.maxNorm, this.minNorm, this.dead]) s.truncate(Math.max(0, last));
    let rows = 0;
    while (rows < this.detailSteps.length && this.detailSteps.get(rows) <= last) rows++;
    this.detailSteps.truncate(rows);
    this.clipped.truncate(rows);
    for (const [key, col] of this.columns) col.truncate(rows * this.widths.get(key)!);
  }

  lossAt(step: number): number {
    return this.loss.get(step - 1);
  }

  lrAt(step: number): number {
    return this.lr.get(step - 1);
  }

  /** What the exception filters could find in a recorded step; null when the step is not recorded. */
  healthAt(step: number): StepHealth | null {
    if (step < 1 || step > this.recorded) return null;
    const k = step - 1;
    return { finite: this.finite.get(k) === 1, maxGradNorm: this.maxNorm.get(k), minGradNorm: this.minNorm.get(k), deadRelu: this.dead.get(k) };
  }

  /** Loss per step, at most `points` of them (evenly spaced, the last one included). */
  losses(points = 2000): { step: number; loss: number }[] {
    return this.sample(points).map((step) => ({ step, loss: this.lossAt(step) }));
  }

  lrs(points = 2000): { step: number; lr: number }[] {
    return this.sample(points).map((step) => ({ step, lr: this.lrAt(step) }));
  }

  /**
   * The per-layer gradient norms of the detailed records of steps 1 … `last`, oldest first, at most
   * `points` of them (evenly thinned, the last one kept), read from the columns without building
   * records. `every`: roughly every how many steps one is returned (1 = every step).
   */
  gradNorms(last: number, points = 1000): { steps: number[]; layers: Map<string, number[]>; every: number } {
    let count = 0;
    while (count < this.detailSteps.length && this.detailSteps.get(count) <= last) count++;
    const rows = evenly(count, Math.max(2, points));
    const layers = new Map<string, number[]>();
    for (const [key, col] of this.columns) {
      if (key.startsWith('g:')) layers.set(key.slice(2), rows.map((r) => col.get(r)));
    }
    const every = this.stride * (count > rows.length ? Math.ceil(count / rows.length) : 1);
    return { steps: rows.map((r) => this.detailSteps.get(r)), layers, every };
  }

  /** The detailed records, oldest first. */
  records(): StepRecord[] {
    const out: StepRecord[] = [];
    for (let r = 0; r < this.detailSteps.length; r++) out.push(this.record(r));
    return out;
  }

  /** The detailed record of one step, when kept. */
  recordOf(step: number): StepRecord | null {
    for (let r = 0; r < this.detailSteps.length; r++) if (this.detailSteps.get(r) === step) return this.record(r);
    return null;
  }

  private record(r: number): StepRecord {
    const step = this.detailSteps.get(r);
    const gradNorms = dict<number>();
    const gateMeans = dict<number>();
    const attentionEntropy = dict<number>();
    const timeStepGradNorms = dict<number[]>();
    for (const [key, col] of this.columns) {
      const [kind, name] = [key.slice(0, 1), key.slice(2)];
      const w = this.widths.get(key) ?? 1;
      if (kind === 't') timeStepGradNorms[name] = Array.from({ length: w }, (_, k) => col.get(r * w + k));
      else ({ g: gradNorms, m: gateMeans, a: attentionEntropy } as Record<string, Record<string, number>>)[kind][name] = col.get(r);
    }
    return { step, loss: this.lossAt(step), lr: this.lrAt(step), gradNorms, timeStepGradNorms, gateMeans, attentionEntropy, clipped: this.clipped.get(r) === 1 };
  }

  private addGroup(kind: string, values: Readonly<Record<string, number>>): void {
    for (const [name, v] of Object.entries(values)) this.addRow(`${kind}:${name}`, [v]);
  }

  /** Columns are fixed by the model; a value missing in a step is NaN. */
  private addRow(key: string, values: readonly number[]): void {
    let col = this.columns.get(key);
    if (!col) {
      col = new GrowingArray();
      this.columns.set(key, col);
      this.widths.set(key, values.length);
      const w = values.length;
      for (let k = 0; k < (this.detailSteps.length - 1) * w; k++) col.push(NaN);
    }
    const w = this.widths.get(key)!;
    for (let k = 0; k < w; k++) col.push(values[k] ?? NaN);
  }

  /** A column the step did not mention gets NaN, so every column keeps one row per record. */
  private padColumns(): void {
    const rows = this.detailSteps.length;
    for (const [key, col] of this.columns) {
      const w = this.widths.get(key)!;
      while (col.length < rows * w) col.push(NaN);
    }
  }

  private thin(): void {
    this.stride *= 2;
    const rows: number[] = [];
    for (let r = 0; r < this.detailSteps.length; r++) if (this.detailSteps.get(r) % this.stride === 0) rows.push(r);
    this.detailSteps.keep(rows);
    this.clipped.keep(rows);
    for (const [key, col] of this.columns) {
      const w = this.widths.get(key)!;
      col.keep(rows.flatMap((r) => Array.from({ length: w }, (_, k) => r * w + k)));
    }
  }

  private sample(points: number): number[] {
    const n = this.recorded;
    if (n <= points) return Array.from({ length: n }, (_, i) => i + 1);
    const every = Math.ceil(n / points);
    const steps: number[] = [];
    for (let s = every; s < n; s += every) steps.push(s);
    steps.push(n);
    return [1, ...steps];
  }
}

/** Indices 0 … n−1, or `points` of them evenly spread when there are more (first and last kept). */
function evenly(n: number, points: number): number[] {
  if (n <= points) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: points }, (_, k) => Math.round((k * (n - 1)) / (points - 1)));
}
