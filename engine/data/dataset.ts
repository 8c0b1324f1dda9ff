import type { Tensor } from '../tensor/tensor';

/**
 * A data set is a few named fields: float tensors (inputs, targets), token ids (held as integers in a
 * float tensor, like the indices of `gather`) and tokenised text for the embedding models. The first
 * axis of every tensor field runs over examples.
 */
export type DataField =
  | { readonly kind: 'float'; readonly tensor: Tensor }
  | { readonly kind: 'index'; readonly tensor: Tensor; readonly classes: number; readonly vocab?: readonly string[] }
  | { readonly kind: 'text'; readonly sentences: readonly (readonly string[])[]; readonly leftOut?: readonly string[] };

export interface DataSet {
  readonly fields: Readonly<Record<string, DataField>>;
  /** The field the first layer reads unless it names another. */
  readonly input: string;
  /** The field the loss compares with, when the task has one. */
  readonly target?: string;
}

/**
 * What a field will hold, known before anything is generated, so a model's shapes and sizes can be
 * checked first. `classes`: how many values an index field takes (vocabulary or class count), or how
 * many distinct words a text field has.
 */
export interface FieldInfo {
  readonly kind: DataField['kind'];
  readonly shape: readonly number[];
  readonly classes?: number;
  /** text: the number of words of each sentence, for the count of training pairs (see model/corpus-budget.ts). */
  readonly lengths?: readonly number[];
  /** text: the length in characters of each distinct word, for the count of fastText's n-grams. */
  readonly wordLengths?: readonly number[];
}

/** The field shapes of a data set, for checks after generating. */
export function fieldInfo(field: DataField): FieldInfo {
  if (field.kind === 'float') return { kind: 'float', shape: field.tensor.shape };
  if (field.kind === 'index') return { kind: 'index', shape: field.tensor.shape, classes: field.classes };
  return textInfo(field.sentences);
}

/** What a tokenised corpus holds: sentences, distinct words, words per sentence, characters per word. */
export function textInfo(sentences: readonly (readonly string[])[]): FieldInfo {
  const words = [...new Set(sentences.flat())];
  return { kind: 'text', shape: [sentences.length], classes: words.length, lengths: sentences.map((s) => s.length), wordLengths: words.map((w) => Array.from(w).length) };
}
