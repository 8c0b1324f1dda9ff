import type { Io } from './io';

/**
 * Training progress: on a terminal one bar redrawn in place (`\r`), otherwise a plain line at every
 * tenth of the run (logs and pipes stay readable).
 */
export class Progress {
  private lastLine = -1;

  constructor(
    private readonly io: Io,
    private readonly total: number,
  ) {}

  update(step: number, loss: number, lr: number): void {
    if (this.io.isTTY) {
      this.io.out(`\r${this.bar(step)} ${step}/${this.total}  loss ${fmt(loss)}  lr ${fmt(lr)}`);
      return;
    }
    const tenth = Math.floor((step * 10) / this.total);
    if (tenth === this.lastLine && step !== this.total) return;
    if (step === this.total && this.lastLine === 10) return;
    this.lastLine = tenth;
    this.io.out(`step ${step}/${this.total}  loss ${fmt(loss)}  lr ${fmt(lr)}\n`);
  }

  /** A line of its own between progress lines (a generated line of text, a validation); on a terminal over the bar, which the next update redraws below it. */
  note(line: string): void {
    this.io.out(this.io.isTTY ? `\r\x1b[K${line}\n` : `${line}\n`);
  }

  done(): void {
    if (this.io.isTTY) this.io.out('\n');
  }

  private bar(step: number): string {
    const width = Math.max(10, Math.min(40, this.io.columns - 50));
    const filled = Math.round((width * step) / this.total);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  }
}

/** Four significant digits, exponent form for very small or large numbers. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}
