import type { LoadedData } from '../data/loaded';
import type { NestedNumbers } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';
import type { AttrValue } from './attrs';
import type { SourceRange } from './diagnostics';

/**
 * A model file, read: what the parser produces and the model builder consumes. Every part carries
 * the source range it came from (`range`: the whole item; `…Ranges`: each key the user wrote), so the
 * debugger can highlight a layer's lines and every later error can point into the file. Settings are
 * complete: defaults are filled in; sizes that depend on the input are filled in by the checker.
 */
export interface ModelSpec {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly dtype: DType;
  readonly data: DataSpec;
  readonly layers: readonly LayerSpec[];
  /** Null when the model trains on its own objective (word2vec, GloVe, fastText) and none is written. */
  readonly loss: LossSpec | null;
  readonly training: TrainingSpec;
  readonly debug: DebugSpec;
  /** `init: { from: weights.safetensors }`: start from saved weights instead of the seed's. */
  readonly init?: InitSpec;
  readonly range: SourceRange;
  /** Where each top-level key's value stands. */
  readonly ranges: Readonly<Record<string, SourceRange>>;
}

/** A reference to a data field or a layer's output: `encoder`, `encoder.state`, `target_in`. */
export interface InputRef {
  /** As written. */
  readonly text: string;
  /** The layer or data field it names. */
  readonly source: string;
  /** A named output (`state`), when written or implied by the slot. */
  readonly output?: string;
  readonly range: SourceRange;
  /** True when not written: the previous layer or the slot's default field. */
  readonly implicit: boolean;
  /** In a keyed slot (`inputs: { input_ids: tokens }`): the name it is written under, and where. */
  readonly key?: { readonly name: string; readonly range: SourceRange };
}

export interface LayerSpec {
  readonly kind: string;
  /** As written, or `<kind><n>` (`linear1`, `tanh2`) when not. */
  readonly name: string;
  readonly named: boolean;
  /** Settings with defaults filled in; sizes inferred from the input are added by the checker. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** Input slot → what it reads (a variadic slot: several). */
  readonly inputs: Readonly<Record<string, readonly InputRef[]>>;
  /** The whole list item: the lines the editor highlights for this layer. */
  readonly range: SourceRange;
  /** The kind word (`linear`). */
  readonly kindRange: SourceRange;
  readonly attrRanges: Readonly<Record<string, SourceRange>>;
  readonly nameRange?: SourceRange;
}

export interface InlineTensor {
  readonly values: NestedNumbers;
  readonly shape: readonly number[];
  readonly range: SourceRange;
}

/** A data file a model file names: the path as written (relative to the model file) and where it is written. */
export interface FileRef {
  readonly path: string;
  readonly range: SourceRange;
}

/** A name the model file gives to something inside a data file (a column), and where it is written. */
export interface NameRef {
  readonly name: string;
  readonly range: SourceRange;
}

/** A table's feature columns: these, or every column but these (and the target). */
export interface FeatureChoice {
  readonly kind: 'columns' | 'all_but';
  readonly columns: readonly NameRef[];
}

/** `csv:` / `tsv:`: a table with a header row (catalog/files.ts). `loaded`: its numbers, once the checker has read the file. */
export interface TableSource {
  readonly source: 'table';
  readonly format: 'csv' | 'tsv';
  readonly file: FileRef;
  readonly features?: FeatureChoice;
  /** The target column (`target:` names a column here, not a field). */
  readonly column?: NameRef;
  readonly classes?: readonly NameRef[];
  readonly settings: Readonly<Record<string, AttrValue>>;
  readonly settingRanges: Readonly<Record<string, SourceRange>>;
  readonly loaded?: LoadedData;
}

/** `npy: { x: x.npy, … }` (one file per field) or `npz: data.npz` (a field per member). `loaded` as for tables. */
export interface ArraySource {
  readonly source: 'arrays';
  readonly format: 'npy' | 'npz' | 'safetensors';
  readonly files: readonly { readonly field?: string; readonly file: FileRef }[];
  /** safetensors: the data fields written beside the file, each naming a tensor of it (none: every tensor is a field). */
  readonly keys?: readonly { readonly field: string; readonly key: NameRef }[];
  readonly loaded?: LoadedData;
}

/** `text: corpus.txt` with its keys beside it (catalog/files.ts TEXT_ATTRS), or `pairs: pairs.tsv`. `loaded` as for tables. */
export interface TextFileSource {
  readonly source: 'textFile' | 'pairsFile';
  readonly file: FileRef;
  readonly settings: Readonly<Record<string, AttrValue>>;
  readonly settingRanges: Readonly<Record<string, SourceRange>>;
  readonly loaded?: LoadedData;
}

export type DataSource =
  | { readonly source: 'task'; readonly task: string; readonly settings: Readonly<Record<string, AttrValue>>; readonly settingRanges: Readonly<Record<string, SourceRange>>; readonly taskRange: SourceRange }
  | { readonly source: 'tensors'; readonly tensors: Readonly<Record<string, InlineTensor>> }
  | { readonly source: 'text'; readonly sentences: readonly string[] }
  | { readonly source: 'pairs'; readonly pairs: readonly string[] }
  | TableSource
  | ArraySource
  | TextFileSource;

/**
 * `validation:` in `data`: examples held out of training, scored every `every` steps. Either a
 * `fraction` of the examples (chosen from the seed's own stream) or a second `file` of the same kind
 * as the training data's, read through the same seam (model/files.ts).
 */
export interface ValidationSpec {
  readonly fraction?: number;
  readonly file?: FileRef;
  /** Training steps between two validations (null: the default of train/validation.ts). */
  readonly every: number | null;
  readonly range: SourceRange;
  /** The validation file, read by the checker. */
  readonly loaded?: LoadedData;
}

export type DataSpec = DataSource & {
  readonly validation?: ValidationSpec;
  /** The field the first layer reads (default: the task's, or `x`). */
  readonly input?: string;
  /** The field the loss compares with (default: the task's, or `y`). */
  readonly target?: string;
  readonly range: SourceRange;
  readonly ranges: Readonly<Record<string, SourceRange>>;
};

/** A kind with settings: `adam` or `adam: { beta1: 0.8 }`. */
export interface KindSpec {
  readonly kind: string;
  readonly settings: Readonly<Record<string, AttrValue>>;
  readonly range: SourceRange;
  readonly kindRange: SourceRange;
  readonly settingRanges: Readonly<Record<string, SourceRange>>;
}

export interface LossSpec extends KindSpec {
  /** The prediction: the last layer unless written. */
  readonly input: InputRef;
  /** The target data field, unless the loss is the model's own objective. */
  readonly target?: InputRef;
}

export interface ClipSpec {
  readonly mode: 'norm' | 'value';
  readonly max: number;
  readonly range: SourceRange;
}

/** `generate: { every, length, prompt, temperature }` (catalog/training.ts GENERATE_ATTRS). */
export interface GenerateSpec {
  readonly every: number;
  readonly length: number;
  readonly prompt: string;
  readonly temperature: number;
  readonly range: SourceRange;
}

export interface TrainingSpec {
  readonly optimizer: KindSpec;
  readonly lr: number;
  readonly schedule: KindSpec;
  readonly clip: ClipSpec | null;
  /** A language model's line of text as it trains; undefined: none. */
  readonly generate?: GenerateSpec;
  /** Undefined: full batch (all examples every step). */
  readonly batchSize?: number;
  readonly steps: number;
  readonly shuffle: boolean;
  readonly range: SourceRange;
  readonly ranges: Readonly<Record<string, SourceRange>>;
}

export interface InitSpec {
  /** The weights file as written (relative to the model file). */
  readonly from: string;
  readonly range: SourceRange;
  readonly fromRange: SourceRange;
}

/** Exception breakpoints: off (`false`) or on with a threshold (nan_inf has none). */
export interface BreakOn {
  readonly nan_inf: boolean;
  readonly exploding: number | false;
  readonly vanishing: number | false;
  readonly dead_relu: number | false;
}

export interface DebugSpec {
  readonly breakOn: BreakOn;
  readonly stopOnEntry: boolean;
  readonly range: SourceRange;
  readonly ranges: Readonly<Record<string, SourceRange>>;
}
