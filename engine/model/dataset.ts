import { textData } from '../data/corpus';
import { dict } from '../dict';
import type { DataField, DataSet } from '../data/dataset';
import { pairData } from '../data/pairs';
import { heldOut, splitRows, subset } from '../data/split';
import { exampleCount } from '../train/data';
import { Rng } from '../random';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { taskDef } from './catalog/data';
import type { LoadedData } from '../data/loaded';
import type { DataSpec } from './spec';

/**
 * The data a model file asks for, generated. Data draws from its own stream (derived from the seed),
 * so editing the model never changes the data, and the same seed always gives the same data.
 */
export function dataRng(seed: number): Rng {
  // A fixed odd constant separates the data stream from the weights' stream of the same seed.
  return new Rng((seed ^ 0x9e3779b1) >>> 0);
}

/** The stream that chooses the examples `validation: fraction` holds out (its own, so the data does not change). */
export function splitRng(seed: number): Rng {
  return new Rng((seed ^ 0x27d4eb2f) >>> 0);
}

/**
 * The data to train on and the data to validate on (null without `validation`): a fraction held out
 * of the examples (see data/split.ts), or the validation file the checker read.
 */
export function buildDataSplit(data: DataSpec, seed: number, dtype: DType = 'float64'): { readonly train: DataSet; readonly validation: DataSet | null } {
  const all = buildDataSet(data, seed, dtype);
  const v = data.validation;
  if (!v) return { train: all, validation: null };
  if (v.loaded) return { train: all, validation: { ...loadedDataSet(v.loaded, dtype), input: all.input, target: all.target } };
  const n = exampleCount(all);
  const rows = splitRows(n, heldOut(n, v.fraction ?? 0), splitRng(seed));
  return { train: subset(all, rows.train), validation: subset(all, rows.validation) };
}

export function buildDataSet(data: DataSpec, seed: number, dtype: DType = 'float64'): DataSet {
  const rng = dataRng(seed);
  // Field names are looked up by user text (references, `input:`): a record without a prototype.
  const named = (set: DataSet): DataSet => ({ ...set, fields: dict(Object.entries(set.fields)), input: data.input ?? set.input, target: data.target ?? set.target });
  switch (data.source) {
    case 'task':
      return named(taskDef(data.task)!.generate(data.settings, rng, dtype));
    case 'text':
      return named(textData(data.sentences));
    case 'pairs':
      return named(pairData(data.pairs, rng, dtype));
    case 'table':
    case 'arrays':
    case 'textFile':
    case 'pairsFile':
      return named(loadedDataSet(data.loaded!, dtype));
    default: {
      const fields = dict<DataField>();
      for (const [k, t] of Object.entries(data.tensors)) fields[k] = { kind: 'float', tensor: Tensor.fromNested(t.values, dtype, `data.${k}`) };
      const names = Object.keys(fields);
      const input = data.input ?? (fields.x ? 'x' : names[0]);
      return { fields, input, target: data.target ?? (fields.y ? 'y' : names.find((k) => k !== input)) };
    }
  }
}

/** The numbers the checker read from files, as tensors of the model's dtype. */
function loadedDataSet(loaded: LoadedData, dtype: DType): DataSet {
  const fields = dict<DataField>();
  for (const [k, f] of Object.entries(loaded.fields)) {
    if (f.kind === 'text') {
      fields[k] = { kind: 'text', sentences: f.sentences, ...(f.leftOut ? { leftOut: f.leftOut } : {}) };
      continue;
    }
    const tensor = Tensor.of(f.values, [...f.shape], dtype, `data.${k}`);
    fields[k] = f.kind === 'index' ? { kind: 'index', tensor, classes: f.classes!, ...(f.vocab ? { vocab: f.vocab } : {}) } : { kind: 'float', tensor };
  }
  return { fields, input: loaded.input, target: loaded.target };
}
