/** A Float64Array that doubles as it fills: rows of a table whose count is known only at the end. */
export class GrowingArray {
  private data = new Float64Array(1024);
  private length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  /** The values pushed, in an array of their own length. */
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
