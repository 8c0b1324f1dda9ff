import type { Cursor } from './cursor';

/** How many forward steps Step Back can retrace exactly; older ones fall back to the positional rule. */
export const TRAIL_LIMIT = 1000;

/**
 * The stops that forward stepping (Over, Into, Out) made, newest last, as moves `from → to`: Step
 * Back retraces them (as reverse-next in gdb or rr returns to where the step began). A move counts
 * only while the cursor still stands where it ended: any other move (a Continue, Goto, Reverse
 * Continue, a Pause in a run) makes the trail stale, and `back` drops it.
 */
export class Trail {
  private readonly moves: { readonly from: Cursor; readonly to: Cursor }[] = [];

  constructor(private readonly limit = TRAIL_LIMIT) {}

  get length(): number {
    return this.moves.length;
  }

  /** Notes a forward step; a step that did not move (at the end, at a fault) leaves nothing to retrace. */
  push(from: Cursor, to: Cursor): void {
    if (sameCursor(from, to)) return;
    this.moves.push({ from, to });
    if (this.moves.length > this.limit) this.moves.shift();
  }

  /** Where the step that ended at `at` began, or null (then the trail is empty). */
  back(at: Cursor): Cursor | null {
    const last = this.moves.pop();
    if (last && sameCursor(last.to, at)) return last.from;
    this.clear();
    return null;
  }

  /**
   * After a move back to `at` (Restart Frame): the moves made after the last one that ended there
   * are undone, so Step Back goes on from there as if the later steps had not been made; without
   * such a move the trail is stale and dropped.
   */
  rewindTo(at: Cursor): void {
    let i = this.moves.length;
    while (i > 0 && !sameCursor(this.moves[i - 1].to, at)) i--;
    this.moves.length = i;
  }

  clear(): void {
    this.moves.length = 0;
  }
}

export function sameCursor(a: Cursor, b: Cursor): boolean {
  return a.step === b.step && a.event === b.event && a.level === b.level;
}
