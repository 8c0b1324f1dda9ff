/**
 * A data set read from files (tables, arrays), held as plain numbers until the trainer builds its
 * tensors in the model's dtype. The checker reads the files once; the numbers travel with the checked
 * model (`DataSpec.loaded`), so building the data set reads nothing again.
 */
export type LoadedField = LoadedNumbers | LoadedText;

export interface LoadedNumbers {
  /** `index`: class ids (cross_entropy's target); `float`: numbers (whole non-negative ones may still serve as ids, `classes`). */
  readonly kind: 'float' | 'index';
  /** Row-major, the first axis over examples. */
  readonly values: Float64Array;
  readonly shape: readonly number[];
  readonly classes?: number;
  /** index: the token of each id (a text file's vocabulary), for showing and generating text. */
  readonly vocab?: readonly string[];
}

/** A corpus for the word-embedding models: its sentences as tokens; shape [sentences]. */
export interface LoadedText {
  readonly kind: 'text';
  readonly sentences: readonly (readonly string[])[];
  readonly shape: readonly [number];
}

export interface LoadedData<F extends LoadedField = LoadedField> {
  readonly fields: Readonly<Record<string, F>>;
  readonly input: string;
  readonly target?: string;
  /** What was read, for people: rows and columns, the class mapping, standardisation, rows left out. Printed by `backstep run` and the session's output. */
  readonly notes: readonly string[];
}

/** A float field whose values are all whole and non-negative can serve as ids: how many classes they span, else undefined. */
export function idClasses(values: Float64Array): number | undefined {
  let most = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0) return undefined;
    if (v > most) most = v;
  }
  return values.length ? most + 1 : undefined;
}
