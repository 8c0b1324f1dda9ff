import type { Tape } from '../../autograd/tape';
import { fail } from '../../errors';
import { formatShape } from '../../tensor/shape';
import type { Tensor } from '../../tensor/tensor';

/**
 * Layers written for one sequence (attention, multi-head attention, the Transformer block, Seq2Seq)
 * run over a batch one example at a time: example b is the scope `b<b>` inside the layer's scope
 * (`attend/b3/weights`), and the per-example results are stacked back into one tensor.
 */

/** Leading (batch) axes of a (…, T, D) tensor and how many examples they hold. */
export function batchOf(x: Tensor, keep: number): { lead: number[]; count: number } {
  const lead = x.shape.slice(0, x.rank - keep);
  return { lead, count: lead.reduce((a, d) => a * d, 1) };
}

/**
 * A (…, T, D) sequence as rows (B·T, D) (one reshape op, skipped when already 2-D), so that example
 * b is one `slice` of rows b·T … b·T + T − 1.
 */
export function asRows(tape: Tape, x: Tensor, name: string): Tensor {
  if (x.rank < 2) fail('E_SHAPE', `${name} must be a sequence (…, T, D), got ${formatShape(x.shape)}`);
  if (x.rank === 2) return x;
  const d = x.shape[x.rank - 1];
  return tape.apply('reshape', [x], { shape: [x.size / d, d] }, `${name}_rows`);
}

/** Example b's (T, D) block of rows. */
export function exampleRows(tape: Tape, rows: Tensor, b: number, t: number, name: string): Tensor {
  if (rows.shape[0] === t) return rows;
  return tape.apply('slice', [rows], { axis: 0, start: b * t, end: (b + 1) * t }, name);
}

/** Per-example results (each of one shape) as one tensor with the batch's leading axes. */
export function stackExamples(tape: Tape, parts: readonly Tensor[], lead: readonly number[], name: string): Tensor {
  if (lead.length === 0) return parts[0];
  if (lead.length === 1) return tape.apply('stack', parts, { axis: 0 }, name);
  const stacked = tape.apply('stack', parts, { axis: 0 }, `${name}_stacked`);
  return tape.apply('reshape', [stacked], { shape: [...lead, ...parts[0].shape] }, name);
}

/** Runs fn for every example inside its own scope `b<b>`. */
export function forEachExample<T>(tape: Tape, count: number, fn: (b: number) => T): T[] {
  return Array.from({ length: count }, (_, b) => tape.withScope(`b${b}`, () => fn(b)));
}
