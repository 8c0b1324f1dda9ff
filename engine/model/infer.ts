import type { FieldInfo } from '../data/dataset';
import type { OnnxModel } from '../onnx/import';
import type { DataFiles } from './files';
import { dict, own } from '../dict';
import type { AttrValue } from './attrs';
import { count, sizeOfShape, type Budget } from './budget';
import { layerKind, ShapeIssue, type LayerKindDef, type SlotDef, type Value } from './catalog';
import { fmt } from './catalog/shapes';
import type { Diagnostics, SourceRange } from './diagnostics';
import type { InputRef, LayerSpec } from './spec';
import { suggestion } from './suggest';

/**
 * Shape inference through the whole model before anything runs: layers in order, each input
 * resolved to a data field or an earlier layer's output, each layer's shape rule applied to the
 * shapes it receives. A layer whose inputs are unknown (an earlier error) is skipped quietly, so one
 * mistake is reported once, not again by every layer after it.
 */
export interface InferredLayer {
  readonly name: string;
  readonly kind: string;
  /** Settings with sizes inferred from the inputs added (`in`, `vocab`, `dim`). */
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** Slot → resolved references (implicit ones included). */
  readonly inputs: Readonly<Record<string, readonly InputRef[]>>;
  readonly inputValues: Readonly<Record<string, Value | readonly Value[] | undefined>>;
  readonly outputs: Readonly<Record<string, Value>>;
  readonly params: Readonly<Record<string, readonly number[]>>;
  readonly paramCount: number;
  /** An onnx layer's imported graph. */
  readonly imported?: OnnxModel;
}

export interface Inference {
  readonly layers: readonly InferredLayer[];
  readonly parameters: number;
  /** Every layer's outputs and the data fields, by name, for the loss. */
  readonly values: ReadonlyMap<string, Source>;
}

export type Source = { readonly kind: 'field'; readonly value: Value } | { readonly kind: 'layer'; readonly index: number; readonly def: LayerKindDef; readonly outputs: Readonly<Record<string, Value>> | null };

/** The data field as the model sees it: the example axis becomes the batch. */
export function fieldValue(info: FieldInfo, batch: number): Value {
  if (info.kind === 'text') return { kind: 'text', shape: info.shape, classes: info.classes };
  const shape = [batch, ...info.shape.slice(1)];
  return info.classes === undefined ? { kind: info.kind, shape } : { kind: info.kind, shape, classes: info.classes };
}

interface Env {
  readonly diag: Diagnostics;
  readonly budget: Budget;
  readonly layers: readonly LayerSpec[];
  readonly values: Map<string, Source>;
  readonly dataInput: string;
  readonly files?: DataFiles;
}

/** Names the session gives its own events: the loss and its backward nodes (`loss`), the updates (`update/<param>`). */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['loss', 'update']);

export function inferShapes(layers: readonly LayerSpec[], fields: Readonly<Record<string, Value>>, dataInput: string, budget: Budget, diag: Diagnostics, files?: DataFiles): Inference {
  const values = new Map<string, Source>(Object.entries(fields).map(([k, v]) => [k, { kind: 'field', value: v }]));
  const env: Env = { diag, budget, layers, values, dataInput, files };
  const inferred: InferredLayer[] = [];
  let parameters = 0;
  // The parameters of imported graphs (onnx layers) have a budget of their own.
  let imported = 0;
  let overBudget = false;
  layers.forEach((layer, index) => {
    const def = layerKind(layer.kind)!;
    if (RESERVED_NAMES.has(layer.name)) {
      diag.add('E_DUPLICATE', `the name "${layer.name}" is taken by the ${layer.name === 'loss' ? 'loss' : 'parameter updates'} in the debugger's names (\`${layer.name}/…\`); choose another layer name`, layer.nameRange ?? layer.kindRange, layer.name);
    } else if (values.has(layer.name)) {
      const clash = values.get(layer.name)!.kind === 'field' ? 'a data field' : 'an earlier layer';
      diag.add('E_DUPLICATE', `the name "${layer.name}" is already taken by ${clash}; layer names must be unique`, layer.nameRange ?? layer.kindRange, layer.name);
    }
    const result = inferLayer(layer, index, def, env);
    values.set(layer.name, { kind: 'layer', index, def, outputs: result?.outputs ?? null });
    if (!result) return;
    inferred.push(result);
    parameters += result.paramCount;
    if (result.imported) imported += result.paramCount;
    const importedBudget = budget.importedParameters ?? budget.parameters;
    if (overBudget) return;
    if (result.imported && imported > importedBudget) {
      overBudget = true;
      diag.add('E_BUDGET', `layer "${layer.name}" brings the imported graphs to ${count(imported)} parameters; the budget for imported models is ${count(importedBudget)} parameters`, layer.attrRanges.file ?? layer.kindRange, layer.name);
    } else if (parameters - imported > budget.parameters) {
      overBudget = true;
      diag.add('E_BUDGET', `layer "${layer.name}" brings the model to ${count(parameters - imported)} parameters (${describeParams(result)}); the budget is ${count(budget.parameters)} parameters`, sizeRange(layer), layer.name);
    }
  });
  return { layers: inferred, parameters, values };
}

function inferLayer(layer: LayerSpec, index: number, def: LayerKindDef, env: Env): InferredLayer | null {
  const inputs: Record<string, readonly InputRef[]> = {};
  const inputValues: Record<string, Value | Value[] | undefined> = {};
  const sources: Record<string, string> = {};
  let known = true;
  for (const slot of def.inputs) {
    const refs = layer.inputs[slot.name] ?? implicitRefs(slot, layer, index, env);
    if (refs === null) {
      known = false;
      continue;
    }
    inputs[slot.name] = refs;
    const vals = refs.map((r) => resolve(r, slot, layer, index, env));
    if (vals.some((v) => v === null)) known = false;
    else inputValues[slot.name] = slot.variadic ? (vals as Value[]) : (vals[0] as Value | undefined);
    sources[slot.name] = refs.map(describeRef(env)).join(', ');
  }
  // A missing required setting was reported when the file was read; the rule cannot run without it.
  const complete = Object.entries(def.attrs).every(([k, a]) => !a.required || layer.attrs[k] !== undefined);
  if (!known || !complete) return null;
  try {
    const res = def.shape({ attrs: layer.attrs, inputs: inputValues, sources, files: env.files, refs: inputs, fields: fieldValues(env) });
    if (res.added) {
      inputs[res.added.slot] = [...(inputs[res.added.slot] ?? []), ...res.added.refs];
      inputValues[res.added.slot] = [...((inputValues[res.added.slot] as Value[] | undefined) ?? []), ...res.added.values];
    }
    const paramCount = Object.values(res.params).reduce((s, p) => s + sizeOfShape(p), 0);
    const out: InferredLayer = { name: layer.name, kind: layer.kind, attrs: { ...layer.attrs, ...res.inferred }, inputs, inputValues, outputs: res.outputs, params: res.params, paramCount, ...(res.imported ? { imported: res.imported } : {}) };
    return checkSizes(out, layer, def, env) ? out : null;
  } catch (e) {
    const issue = e instanceof ShapeIssue ? e : new ShapeIssue(`could not work out the shapes (${e instanceof Error ? e.message : String(e)})`);
    env.diag.add('E_SHAPE', `layer "${layer.name}" (${layer.kind}): ${issue.message}`, issueRange(issue, layer), layer.name);
    return null;
  }
}

/** The refs of a slot that was not written: the previous layer, the data input, or a named field. */
function implicitRefs(slot: SlotDef, layer: LayerSpec, index: number, env: Env): InputRef[] | null {
  const at = layer.kindRange;
  if (slot.from === 'previous') {
    const source = index === 0 ? env.dataInput : env.layers[index - 1].name;
    return [{ text: source, source, range: at, implicit: true }];
  }
  if (slot.from) {
    const field = slot.from.field;
    const src = env.values.get(field);
    if (src?.kind === 'field') return [{ text: field, source: field, range: at, implicit: true }];
    env.diag.add('E_REF', `layer "${layer.name}" (${layer.kind}) reads \`${slot.name}\` from the data field \`${field}\`, which this data does not have; write \`${slot.name}: <field or layer>\``, at, layer.name);
    return null;
  }
  if (slot.optional) return [];
  env.diag.add('E_REQUIRED', `layer "${layer.name}" (${layer.kind}) needs \`${slot.name}\` (${slot.doc})`, at, layer.name);
  return null;
}

/** The value a reference names, or null (reported) when it names nothing usable. */
function resolve(ref: InputRef, slot: SlotDef, layer: LayerSpec, index: number, env: Env): Value | null {
  const src = env.values.get(ref.source);
  const bad = (message: string): null => {
    env.diag.add('E_REF', `layer "${layer.name}" (${layer.kind}): ${message}`, ref.range, layer.name);
    return null;
  };
  if (!src) {
    const later = env.layers.findIndex((l, i) => i > index && l.name === ref.source);
    if (later >= 0) return bad(`\`${ref.text}\` is defined later (line ${env.layers[later].range.line}); layers run in order, so a layer reads only earlier layers and data fields`);
    if (ref.source === layer.name) return bad(`a layer cannot read its own output`);
    const known = [...env.values.keys()];
    return bad(`\`${ref.text}\` is neither an earlier layer nor a data field${suggestion(ref.source, known) || `; known names: ${known.join(', ')}`}`);
  }
  if (src.kind === 'field') {
    return ref.output ? bad(`the data field \`${ref.source}\` has no outputs; write \`${ref.source}\``) : src.value;
  }
  if (!src.outputs) return null;
  const names = src.def.outputs.map((o) => o.name);
  const output = ref.output ?? (slot.output && names.includes(slot.output) ? slot.output : names[0]);
  const value = own(src.outputs, output);
  if (!value) {
    const known = names.filter((n) => own(src.outputs!, n));
    return bad(`layer "${ref.source}" has no output \`${output}\`${suggestion(output, known) || `; its outputs are ${known.join(', ')}`}`);
  }
  return value;
}

function describeRef(env: Env) {
  return (r: InputRef): string => {
    const src = env.values.get(r.source);
    const what = src?.kind === 'field' ? `data field "${r.source}"` : `"${r.text}"`;
    return r.implicit && src?.kind === 'layer' ? `the previous layer "${r.source}"` : what;
  };
}

function checkSizes(out: InferredLayer, layer: LayerSpec, def: LayerKindDef, env: Env): boolean {
  for (const [name, v] of Object.entries(out.outputs)) {
    const size = sizeOfShape(v.shape);
    if (size > env.budget.tensorElements) {
      env.diag.add('E_BUDGET', `layer "${layer.name}" would output ${name} ${fmt(v.shape)}, ${count(size)} numbers; the budget is ${count(env.budget.tensorElements)} per tensor (use a smaller batch or size)`, sizeRange(layer), layer.name);
      return false;
    }
  }
  if (def.family === 'recurrent' || def.family === 'attention') {
    for (const v of Object.values(out.inputValues).flat()) {
      if (!v || (v as Value).shape.length < 2) continue;
      const t = (v as Value).shape[(v as Value).shape.length - (layer.kind === 'seq2seq' ? 1 : 2)];
      if (t > env.budget.timeSteps) {
        env.diag.add('E_BUDGET', `layer "${layer.name}" would step through ${count(t)} time steps; the budget is ${count(env.budget.timeSteps)}`, layer.kindRange, layer.name);
        return false;
      }
    }
  }
  return true;
}

/** Where a size problem points: the size setting the user wrote, else the kind. */
function sizeRange(layer: LayerSpec): SourceRange {
  for (const key of ['out', 'hidden', 'dim', 'embed', 'ff', 'buckets', 'vocab']) if (layer.attrRanges[key]) return layer.attrRanges[key];
  return layer.kindRange;
}

/** The data fields by name (what a layer may read unwritten, by name). */
function fieldValues(env: Env): Record<string, Value> {
  return dict([...env.values].flatMap(([name, src]) => (src.kind === 'field' ? [[name, src.value] as const] : [])));
}

function issueRange(issue: ShapeIssue, layer: LayerSpec): SourceRange {
  if (issue.at.attr && layer.attrRanges[issue.at.attr]) return layer.attrRanges[issue.at.attr];
  const refs = issue.at.slot ? layer.inputs[issue.at.slot] : undefined;
  const keyed = issue.at.key !== undefined ? refs?.find((r) => r.key?.name === issue.at.key)?.key : undefined;
  if (keyed) return keyed.range;
  if (refs?.length) return refs[0].range;
  return layer.kindRange;
}

function describeParams(l: InferredLayer): string {
  return Object.entries(l.params)
    .map(([k, s]) => `${k} ${fmt(s)}`)
    .join(', ');
}
