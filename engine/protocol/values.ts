/** Summaries of tensors, as shipped to the debugger and the webviews: never a million numbers. */

export interface StatsView {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  /** L2 norm. */
  readonly norm: number;
  readonly nanCount: number;
  readonly infCount: number;
}

export interface TensorView {
  /** Stable name (`fc1.W`, `memory/t3/gate_f`, `grad(fc1.W)`). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'float64';
  readonly stats: StatsView;
  /** The first values in row-major order (at most `PREVIEW_LIMIT`). */
  readonly preview: readonly number[];
}

export const PREVIEW_LIMIT = 64;

/** A rectangular window of a tensor, requested on demand. */
export interface TensorSlice {
  readonly name: string;
  readonly shape: readonly number[];
  /** Flat row-major offset of the first value and the values from there. */
  readonly start: number;
  readonly values: readonly number[];
}

/** One entry of the Variables view / a Watch result. `ref` is non-null when it can be expanded. */
export interface VariableView {
  readonly name: string;
  /** The one-line value: `[4,8] float64 min −0.9 max 0.8 mean 0.01 ‖·‖ 2.3`, or a number as an expression writes it, `-0.0123`. */
  readonly value: string;
  readonly type: string;
  /** Opaque path to its children (rows, gradient, state), or null for a leaf. */
  readonly ref: string | null;
  /** Number of children when known (paged in the debugger for large tensors). */
  readonly childCount?: number;
  /** The expression that evaluates to this entry (`memory.W_f`, `grad(memory.W_f)[0]`). */
  readonly expression?: string;
}

/** How much of a number Evaluate's text carries: a rounding to read (`-0.532345`), or every digit (Copy Value). */
export type Precision = 'shown' | 'exact';

export interface EvaluateResult {
  readonly value: string;
  readonly type: string;
  readonly ref: string | null;
  readonly childCount?: number;
}

/**
 * A name an expression can use, offered while one is typed (DAP's CompletionItem): `label` replaces
 * the `length` characters before the cursor, from `start` (offsets in the text, from 0).
 */
export interface CompletionView {
  /** `memory.W_f`, `memory/t3/` (a scope: more names under it), `gate_f` (a short name here), `grad`. */
  readonly label: string;
  /** What is inserted when it differs from the label: `grad(`. */
  readonly text?: string;
  readonly type: 'variable' | 'property' | 'module' | 'function';
  /** `[16,8] float64`, `number`, `scope of 12 names`, `grad(x): the gradient of a named tensor`. */
  readonly detail: string;
  readonly start: number;
  readonly length: number;
}

/**
 * A tensor drawn in the Inspector ("View in Backstep") at the current stop, as structure: its shape,
 * dtype and statistics (over every value), a grid of its values for a line (1-D) or a heatmap (2-D),
 * and a histogram (any shape). Never more than LIMITS.plotValues numbers, however big the tensor.
 */
export type TensorPlot =
  | {
      readonly kind: 'tensor';
      readonly expression: string;
      readonly shape: readonly number[];
      readonly dtype: 'float32' | 'float64';
      readonly stats: StatsView;
      /** Rank 1 (one row) and rank 2; null for other ranks (the histogram shows them). */
      readonly grid: PlotGrid | null;
      readonly histogram: PlotHistogram;
    }
  /** A number (a 0-d or one-element result, `loss`, `norm(x)`); null when not finite. */
  | { readonly kind: 'number'; readonly expression: string; readonly value: number | null }
  /** What the expression reads is not computed yet at this stop: `message` says which name and why. */
  | { readonly kind: 'pending'; readonly expression: string; readonly message: string };

/**
 * The values of a 1-D (rows = 1) or 2-D tensor, downsampled when it has more rows or columns than a
 * view can show: each value is then the mean of a block of `rowBlock` × `colBlock` values (the last
 * block of a row or column may be smaller). A block holding NaN or ±∞ is null.
 */
export interface PlotGrid {
  readonly rows: number;
  readonly cols: number;
  /** Row-major, rows × cols. */
  readonly values: readonly (number | null)[];
  readonly rowBlock: number;
  readonly colBlock: number;
}

/** Counts of the finite values in equal bins from `lo` to `hi` (NaN and ±∞ are counted in the stats). */
export interface PlotHistogram {
  readonly lo: number;
  readonly hi: number;
  readonly counts: readonly number[];
}
