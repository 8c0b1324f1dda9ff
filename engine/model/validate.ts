import { dict } from '../dict';
import type { AttrValue } from './attrs';
import { count, DEFAULT_BUDGET, type Budget } from './budget';
import { checkCorpusBudget } from './corpus-budget';
import { describeData, type DataFields } from './data-fields';
import { isFileSource } from './data-files';
import type { Diagnostics } from './diagnostics';
import { NO_FILES, type DataFiles } from './files';
import { fieldValue, inferShapes, type InferredLayer } from './infer';
import { checkLoss } from './loss-check';
import type { ParsedSpec } from './parse';
import type { DataSpec, KindSpec, LayerSpec, ModelSpec, TrainingSpec } from './spec';
import { checkValidation } from './validation-check';

/**
 * The checks that need the whole file: data fields, references between layers, shapes through the
 * whole model, the loss against its target, training settings against the data, and the size budget.
 * The result carries everything the model builder needs: settings with inferred sizes, every layer's
 * input and output shapes, and parameter shapes.
 */
export interface CheckedModel {
  readonly spec: ModelSpec;
  readonly data: DataFields;
  readonly layers: readonly InferredLayer[];
  readonly parameters: number;
  /** Examples per step. */
  readonly batch: number;
}

export function validateSpec(parsed: ParsedSpec, diag: Diagnostics, budget: Budget = DEFAULT_BUDGET, files: DataFiles = NO_FILES): CheckedModel | null {
  if (!parsed.data) return null;
  const described = describeData(parsed.data, budget, diag, files);
  if (!described) return null;
  const { loaded, ...all } = described;
  // Batches are drawn from the examples left for training.
  const data = { ...all, examples: checkValidation(parsed.data, all, parsed.loss, diag) };
  const batch = Math.min(parsed.training.batchSize ?? data.examples, data.examples);
  const fields = dict(Object.entries(data.fields).map(([k, f]) => [k, fieldValue(f, batch)]));
  const inference = inferShapes(parsed.layers, fields, data.input, budget, diag, files);
  const at = parsed.ranges.model ?? parsed.range;
  const loss = checkLoss(parsed.loss, parsed.layers, inference, data.target, at, diag);
  const training = checkTraining(parsed.training, data, budget, diag);
  checkGenerate(parsed.data, training, diag);
  checkCorpusBudget(inference.layers, parsed.layers, data, training, budget, diag);
  const inferred = new Map(inference.layers.map((l) => [l.name, l.attrs]));
  const layers: LayerSpec[] = parsed.layers.map((l) => ({ ...l, attrs: withInferred(l.attrs, inferred.get(l.name)) }));
  // Data read from files travels with the model: building the data set reads nothing again.
  const v = parsed.data.validation;
  const dataSpec = loaded && isFileSource(parsed.data) ? { ...parsed.data, loaded, ...(v && loaded.validation ? { validation: { ...v, loaded: loaded.validation } } : {}) } : parsed.data;
  const spec: ModelSpec = { ...parsed, data: dataSpec, layers, loss, training };
  return { spec, data, layers: inference.layers, parameters: inference.parameters, batch };
}

function withInferred(attrs: Readonly<Record<string, AttrValue>>, inferred: Readonly<Record<string, AttrValue>> | undefined): Readonly<Record<string, AttrValue>> {
  return inferred ? { ...inferred, ...attrs } : attrs;
}

function checkTraining(t: TrainingSpec, data: DataFields, budget: Budget, diag: Diagnostics): TrainingSpec {
  const textOnly = data.fields[data.input]?.kind === 'text';
  if (t.batchSize !== undefined && t.batchSize > data.examples && !textOnly) {
    diag.add('E_VALUE', `\`batch_size: ${t.batchSize}\` is more than the ${data.examples} examples in the data`, t.ranges.batch_size);
  }
  if (t.steps > budget.steps) {
    diag.add('E_BUDGET', `\`steps: ${count(t.steps)}\` is over the budget of ${count(budget.steps)} training steps`, t.ranges.steps ?? t.range);
  }
  return { ...t, schedule: checkSchedule(t.schedule, t.steps, diag) };
}

/** A line of text needs a vocabulary to write it with: a language model's data, `text: <file>` with `length`. */
function checkGenerate(data: DataSpec, t: TrainingSpec, diag: Diagnostics): void {
  if (!t.generate || (data.source === 'textFile' && data.settings.length !== undefined)) return;
  diag.add('E_VALUE', '`generate` writes text with a language model: it needs data `text: <file>` with `length` (x: token ids, y: the next token of each)', t.generate.range);
}

/** Warm-up must end within training; cosine periods default to the steps that remain. */
function checkSchedule(s: KindSpec, steps: number, diag: Diagnostics): KindSpec {
  const warmup = s.settings.warmup_steps as number | undefined;
  if (warmup !== undefined && warmup >= steps) {
    diag.add('E_VALUE', `\`warmup_steps: ${warmup}\` does not end within the ${steps} training steps`, s.settingRanges.warmup_steps);
    return s;
  }
  if ((s.kind === 'cosine' || s.kind === 'warmup_cosine') && s.settings.T_max === undefined) {
    return { ...s, settings: { ...s.settings, T_max: steps - (warmup ?? 0) } };
  }
  return s;
}
