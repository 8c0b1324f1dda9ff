/**
 * A Float64Array that doubles as it fills: a column whose length is known only at the end (a
 * table's rows as they are read, the history's values per training step).
 */
export class GrowingArray {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** Keeps the first `n` entries. */
  truncate(n: number): void {
    this.length = Math.min(this.length, n);
  }

  /** Keeps the entries at the given indices, in order. */
  keep(indices: readonly number[]): void {
    indices.forEach((k, i) => (this.data[i] = this.data[k]));
    this.length = indices.length;
  }

  /** The values pushed, in an array of their own length. */
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
