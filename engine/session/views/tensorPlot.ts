import { BackstepError } from '../../errors';
import { LIMITS } from '../../limits';
import type { PlotGrid, PlotHistogram, TensorPlot } from '../../protocol/values';
import { statsOf } from '../../tensor/stats';
import type { Tensor } from '../../tensor/tensor';
import { evaluateText, NotComputedError, type Value } from '../expression';
import { statsView } from '../format';
import type { SessionState } from '../state';

/** A matrix is cut to at most 64 × 64 blocks (√plotValues a side), a vector to 1,024 points: a panel shows no more. */
const GRID_SIDE = Math.floor(Math.sqrt(LIMITS.plotValues.max));
const LINE_POINTS = LIMITS.plotValues.max / 4;
const BINS = 24;

/**
 * An expression drawn at the current stop ("View in Backstep"), read as Evaluate reads it: only what
 * the cursor has computed. A name the stepping has not reached gives `pending`, never older values.
 */
export function tensorPlot(s: SessionState, expression: string): TensorPlot {
  let v: Value;
  try {
    v = evaluateText(expression, s.names());
  } catch (e) {
    if (e instanceof NotComputedError) return { kind: 'pending', expression, message: e.message };
    throw e;
  }
  if (v.kind === 'bool') throw new BackstepError('E_ARGUMENT', `${expression} is true or false, not a tensor or a number`);
  if (v.kind === 'number') return { kind: 'number', expression, value: finite(v.value) };
  const t = v.tensor;
  if (t.size === 1) return { kind: 'number', expression, value: finite(t.data[0]) };
  return { kind: 'tensor', expression, shape: [...t.shape], dtype: t.dtype, stats: statsView(t), grid: gridOf(t), histogram: histogramOf(t) };
}

/** A vector as one row, a matrix as rows × columns; each value the mean of its block when there are too many. */
export function gridOf(t: Tensor): PlotGrid | null {
  if (t.rank !== 1 && t.rank !== 2) return null;
  const [rows, cols] = t.rank === 1 ? [1, t.shape[0]] : [t.shape[0], t.shape[1]];
  const rowBlock = Math.ceil(rows / GRID_SIDE);
  const colBlock = Math.ceil(cols / (t.rank === 1 ? LINE_POINTS : GRID_SIDE));
  const [outRows, outCols] = [Math.ceil(rows / rowBlock), Math.ceil(cols / colBlock)];
  const values: (number | null)[] = [];
  for (let r = 0; r < outRows; r++) {
    for (let c = 0; c < outCols; c++) values.push(blockMean(t.data, cols, r * rowBlock, Math.min(rows, (r + 1) * rowBlock), c * colBlock, Math.min(cols, (c + 1) * colBlock)));
  }
  return { rows: outRows, cols: outCols, values, rowBlock, colBlock };
}

/** Mean of rows r0…r1−1 × columns c0…c1−1 of a row-major matrix `cols` wide; null if one of them is not finite. */
function blockMean(d: ArrayLike<number>, cols: number, r0: number, r1: number, c0: number, c1: number): number | null {
  let sum = 0;
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) {
      const x = d[r * cols + c];
      if (!Number.isFinite(x)) return null;
      sum += x;
    }
  }
  return sum / ((r1 - r0) * (c1 - c0));
}

/** BINS equal bins from the least to the greatest finite value (one bin when they are equal). */
export function histogramOf(t: Tensor): PlotHistogram {
  const { min, max } = statsOf(t);
  if (!Number.isFinite(min)) return { lo: 0, hi: 0, counts: [] };
  const bins = max > min ? BINS : 1;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const x of t.data) {
    if (!Number.isFinite(x)) continue;
    counts[width > 0 ? Math.min(bins - 1, Math.floor((x - min) / width)) : 0]++;
  }
  return { lo: min, hi: max, counts };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
