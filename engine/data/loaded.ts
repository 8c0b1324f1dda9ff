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
  /** A table's class labels in the order of their ids (`classNames[id]`): the mapping the Variables and the hover of `target:` show. */
  readonly classNames?: readonly string[];
}

/** A corpus for the word-embedding models: its sentences as tokens; shape [sentences]. */
export interface LoadedText {
  readonly kind: 'text';
  readonly sentences: readonly (readonly string[])[];
  readonly shape: readonly [number];
  /** The file's words left out of the vocabulary (below `min_count`, past the `vocabulary` cap), most frequent first, at most `LEFT_OUT_KEPT`. */
  readonly leftOut?: readonly string[];
}

/** How many left-out words a text field remembers (the Inspector follows a few of them). */
export const LEFT_OUT_KEPT = 32;

export interface LoadedData<F extends LoadedField = LoadedField> {
  readonly fields: Readonly<Record<string, F>>;
  readonly input: string;
  readonly target?: string;
  /** A table's class labels in the order of their ids (a validation table maps its labels by them). */
  readonly classNames?: readonly string[];
  /** A standardized table's per-feature mean and deviation (a validation table is scaled by them). */
  readonly scaling?: readonly { readonly mean: number; readonly std: number }[];
  /** The fields of `validation: { file }`, read like the training file's. */
  readonly validation?: LoadedData;
  /** What was read, for people: rows and columns, the class mapping, standardisation, rows left out. Printed by `backstep run` and the session's output. */
  readonly notes: readonly string[];
  /** `image: [height, width]` on a table: the input's features are a grayscale image, row by row. */
  readonly image?: readonly [number, number];
}

/** The class labels of the target, by id, when the data names them (a table's label column). */
export function classNamesOf(data: LoadedData | undefined): readonly string[] | undefined {
  const field = data?.target === undefined ? undefined : data.fields[data.target];
  return field?.kind === 'text' ? undefined : field?.classNames;
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

/** `0 setosa, 1 versicolor, 2 virginica`: the first `shown` ids and their labels, then how many in all. */
export function classMappingText(names: readonly string[], shown = 12): string {
  const list = names.slice(0, shown).map((n, i) => `${i} ${n}`).join(', ');
  return names.length > shown ? `${list}, … (${names.length} classes)` : list;
}
