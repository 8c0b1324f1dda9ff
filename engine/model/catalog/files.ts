import { LABEL_FORMS } from '../../data/labels';
import { MISSING } from '../../data/files/table';
import { bool, int, intList, num, oneOf, size, type AttrTable } from '../attrs';

/**
 * Data read from files, the keys a model file writes under `data:`. One row per format (the reader
 * is in engine/data/files/; the host reads the bytes, see model/files.ts); the schema, hover and
 * completion derive from these rows. Paths are relative to the model file.
 */
export interface FileFormat {
  readonly key: string;
  readonly doc: string;
}

export const TABLE_FORMATS: readonly (FileFormat & { readonly key: 'csv' | 'tsv'; readonly delimiter: ',' | '\t' })[] = [
  { key: 'csv', delimiter: ',', doc: 'a comma-separated table with a header row (path relative to the model file): columns of numbers become `x`, the `target` column `y`' },
  { key: 'tsv', delimiter: '\t', doc: 'a tab-separated table with a header row (path relative to the model file): columns of numbers become `x`, the `target` column `y`' },
];

/**
 * Arrays: NumPy's `.npy` (one file per field) and `.npz` (a field per member), float16/32/64 or
 * integers in C order; safetensors (one file, its tensors by key: engine/weights/safetensorsRead.ts).
 * Each format has a case in read/dataFiles.ts `readArraySource` and in model/data-files.ts
 * `loadArrays`, where each file becomes its named arrays.
 */
export const ARRAY_FORMATS: readonly (FileFormat & { readonly key: 'npy' | 'npz' | 'safetensors' })[] = [
  { key: 'npy', doc: 'NumPy arrays, one `.npy` file per data field: `{ x: x.npy, y: y.npy }` (paths relative to the model file; the first axis runs over examples)' },
  { key: 'npz', doc: 'a NumPy `.npz` archive (np.savez): each array becomes the data field of its name; `input` and `target` choose among them' },
  { key: 'safetensors', doc: 'a safetensors file: each tensor becomes the data field of its name, or name the tensors of the fields beside it: `{ safetensors: data.safetensors, x: inputs, y: labels }` (path relative to the model file; the first axis runs over examples)' },
];

/** The keys a table source takes besides its file, with their docs (features, target and classes are names, read by read/dataFiles.ts). */
export const TABLE_NAME_KEYS = {
  features: 'the feature columns: a list of header names, or `{ all_but: [names] }`; default: every column but the target',
  target: 'for a table: the target column (class labels become class ids, numbers stay numbers for regression); otherwise the field the loss compares with',
  classes: 'the class labels of the target column in the order of their ids; a label outside them is an error (default: every label found, sorted)',
} as const;

export const TABLE_ATTRS: AttrTable = {
  standardize: bool('rescale each feature column to mean 0 and standard deviation 1 (the means and deviations are shown when the data is read)', false),
  labels: oneOf('how class ids are written: index (N) for cross_entropy, column (N,1) for bce (2 classes), onehot (N,C)', LABEL_FORMS, 'index'),
  image: intList('the feature columns are the pixels of a grayscale image, row by row: `[height, width]` (height × width = the number of features); the Inspector draws the examples the model gets wrong', { min: 1, max: 64, minItems: 2, maxItems: 2 }),
  missing: oneOf(`what to do with a row that has a missing cell (empty or ${MISSING.filter(Boolean).join(', ')}): error, or drop the row`, ['error', 'drop'], 'error'),
};

/**
 * `validation:` in `data`: a fraction (`validation: 0.2`) or a map of these keys, or `file:` — a
 * second data file of the training file's kind, read through the same seam (model/files.ts).
 */
export const VALIDATION_DOC = 'examples held out of training and scored (loss, and accuracy for classification) every `every` steps: a fraction such as `0.2` (chosen from the seed), or `{ file: val.csv }`, a second file of the same kind';
export const VALIDATION_FILE_DOC = 'a second data file of the same kind as the training data (path relative to the model file), read with the same settings';
export const VALIDATION_ATTRS: AttrTable = {
  fraction: num('the share of the examples held out of training (chosen from the seed, the same every run)', { min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  every: int('training steps between two validations (default: about 50 over the run)', { min: 1 }),
};

/**
 * Text files: `text: corpus.txt` (the inline form is a list of sentences) with the keys below beside
 * it (engine/data/files/corpus.ts), and `pairs: pairs.tsv` (engine/data/files/pairs.ts).
 */
export const TEXT_FILE_DOCS = {
  text: 'a plain-text corpus, UTF-8, one sentence a line (path relative to the model file): the `text` field of word2vec, GloVe and fastText; with `length`, a language model\'s x (N,T) token ids and y (N,T) the token after each',
  pairs: 'sentence pairs for Seq2Seq, UTF-8, one a line: source sentence, a tab, target sentence (path relative to the model file): source (N,Ts), target and target_in (N,Tt)',
} as const;

export const TEXT_ATTRS: AttrTable = {
  tokens: oneOf('what a token is: a word (letters, digits and apostrophes, lower-cased) or a character (the line break among them)', ['word', 'char'], 'word'),
  vocabulary: size('keep at most this many tokens, the most frequent (with `length`, the rest become `<unk>`; without, they are left out)', { min: 2 }),
  min_count: size('keep only tokens seen at least this many times', { min: 1, default: 1 }),
  length: size('for a language model: tokens per training sequence T; the corpus is cut into x (N,T) and y (N,T), the next token of each', { min: 1 }),
  lowercase: bool('lower-case the text first (words always are)', false),
};
