import { dict } from '../dict';
import type { AttrValue } from './attrs';
import { count, DEFAULT_BUDGET, type Budget } from './budget';
import { checkCorpusBudget } from './corpus-budget';
import { describeData, type DataFields } from './data-fields';
import type { Diagnostics } from './diagnostics';
import { NO_FILES, type DataFiles } from './files';
import { fieldValue, inferShapes, type InferredLayer } from './infer';
import { checkLoss } from './loss-check';
import type { ParsedSpec } from './parse';
import type { KindSpec, LayerSpec, ModelSpec, TrainingSpec } from './spec';
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
  const inference = inferShapes(parsed.layers, fields, data.input, budget, diag);
  const at = parsed.ranges.model ?? parsed.range;
  const loss = checkLoss(parsed.loss, parsed.layers, inference, data.target, at, diag);
  const training = checkTraining(parsed.training, data, budget, diag);
  checkCorpusBudget(inference.layers, parsed.layers, data, training, budget, diag);
  const inferred = new Map(inference.layers.map((l) => [l.name, l.attrs]));
  const layers: LayerSpec[] = parsed.layers.map((l) => ({ ...l, attrs: withInferred(l.attrs, inferred.get(l.name)) }));
  // Data read from files travels with the model: building the data set reads nothing again.
  const v = parsed.data.validation;
  const dataSpec = loaded && (parsed.data.source === 'table' || parsed.data.source === 'arrays') ? { ...parsed.data, loaded, ...(v && loaded.validation ? { validation: { ...v, loaded: loaded.validation } } : {}) } : parsed.data;
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
