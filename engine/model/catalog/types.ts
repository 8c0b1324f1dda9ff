import type { OnnxModel } from '../../onnx/import';
import type { InputRef } from '../spec';
import type { AttrTable, AttrValue } from '../attrs';
import type { DataFiles } from '../files';

/**
 * The catalogue of layer kinds is one table: for every kind its settings (type, default, doc), its
 * inputs and outputs, and its shape rule. The parser, the validator, the JSON Schema, completion and
 * hover all read this table, so a new layer kind is one entry here.
 */

/** What flows along a wire, known before anything runs. */
export interface Value {
  /** `float` numbers, `index` token/class ids, `text` a tokenised corpus, `state` a recurrent layer's final state. */
  readonly kind: 'float' | 'index' | 'text' | 'state';
  readonly shape: readonly number[];
  /** index: how many distinct ids; text: how many distinct words. */
  readonly classes?: number;
  /** state: the cell that made it (an LSTM state carries a memory cell too). */
  readonly cell?: 'rnn' | 'lstm' | 'gru';
}

export interface SlotDef {
  readonly name: string;
  readonly doc: string;
  /** Not required; the shape rule sees `undefined` when absent. */
  readonly optional?: boolean;
  /** Takes two or more inputs (add, concat). */
  readonly variadic?: boolean;
  /**
   * With `variadic`: written as a map from names the layer reads (an onnx layer's graph inputs) to
   * references, `{ input_ids: tokens }`; each reference keeps its `key`.
   */
  readonly keyed?: boolean;
  /** Where the input comes from when not written: the previous layer (or the data input), or a data field. */
  readonly from?: 'previous' | { readonly field: string };
  /** A bare layer name given here means this output of that layer (e.g. `state`). */
  readonly output?: string;
}

export interface OutputDef {
  readonly name: string;
  readonly doc: string;
}

export interface ShapeContext {
  /** Settings with defaults filled in. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** slot → value (variadic slots: a list); absent optional slots are undefined. */
  readonly inputs: Readonly<Record<string, Value | readonly Value[] | undefined>>;
  /** slot → what it was wired to, for messages (`"hidden"`, `data field "x"`). */
  readonly sources: Readonly<Record<string, string>>;
  /** The bytes of the files the model file names (an onnx layer's graph). */
  readonly files?: DataFiles;
  /** slot → the references wired into it (keyed slots: with their keys). */
  readonly refs?: Readonly<Record<string, readonly InputRef[]>>;
  /** The data fields by name: what a keyed slot may read without a reference written (an onnx layer's graph input of that name). */
  readonly fields?: Readonly<Record<string, Value>>;
}

export interface ShapeResult {
  /** Every output, the main one first. */
  readonly outputs: Readonly<Record<string, Value>>;
  /** Parameter shapes by key (`W`, `b`, `W_f` …), for the size budget and hover. */
  readonly params: Readonly<Record<string, readonly number[]>>;
  /** Settings inferred from the inputs (`in`, `vocab`), for the model builder. */
  readonly inferred?: Readonly<Record<string, AttrValue>>;
  /** An onnx layer's graph, imported for these shapes: the model builder runs it. */
  readonly imported?: OnnxModel;
  /** References the rule adds to a keyed slot (a graph input read from the data field of its name), with their values. */
  readonly added?: { readonly slot: string; readonly refs: readonly InputRef[]; readonly values: readonly Value[] };
}

/** A shape rule throws this when shapes cannot fit; `attr`/`slot` say where in the layer to point. */
export class ShapeIssue extends Error {
  constructor(
    message: string,
    readonly at: { readonly attr?: string; readonly slot?: string; readonly key?: string } = {},
  ) {
    super(message);
  }
}

export type ShapeRule = (ctx: ShapeContext) => ShapeResult;

export type LayerFamily = 'dense' | 'activation' | 'normalization' | 'combine' | 'recurrent' | 'attention' | 'embedding';

export interface LayerKindDef {
  readonly kind: string;
  readonly family: LayerFamily;
  /** One or two sentences for hover and the schema. */
  readonly doc: string;
  /** The formula a learner reads (LaTeX), shown on hover. */
  readonly formula: string;
  readonly attrs: AttrTable;
  readonly inputs: readonly SlotDef[];
  readonly outputs: readonly OutputDef[];
  readonly shape: ShapeRule;
  /** Every output value lies in [0, 1] (sigmoid, softmax): what `bce` takes. */
  readonly probabilities?: boolean;
  /** Embedding models train on their own objective: the loss kind their settings imply. */
  readonly ownLoss?: (attrs: Readonly<Record<string, AttrValue>>) => string;
}

/** The usual single input: whatever the previous layer gave. */
export const X_SLOT: SlotDef = { name: 'input', doc: 'the input (default: the previous layer, or the data input for the first layer)', from: 'previous' };
export const OUT: OutputDef = { name: 'out', doc: 'the output' };
