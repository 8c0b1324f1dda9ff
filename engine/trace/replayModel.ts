import { dict } from '../dict';
import { START_OF_FILE, type SourceRange } from '../model/diagnostics';
import type { LayerSpec, ModelSpec } from '../model/spec';
import type { CheckedModel } from '../model/validate';
import type { TraceIndex, TraceModule } from './format';
import { ModuleTree } from './moduleTree';

const NOWHERE: SourceRange = START_OF_FILE;

/**
 * A recording described in the shape the session reads a model in: its name, its top-level modules
 * as layers (kind = the module's class, params = the shapes of every parameter below it), the recorded optimizer and
 * learning rate, the count of recorded steps. There is no source text: every range is the start of
 * the index file, there is no data set (the batches were PyTorch's), no loss layer (the loss ops
 * are events of their own) and nothing a file could set in `debug:` beyond the defaults (stop on
 * entry, stop on NaN/Inf).
 */
export function recordingModel(index: TraceIndex, file: string): CheckedModel {
  const shapes = new Map(index.params.map((p) => [p.name, p.shape]));
  const layers: LayerSpec[] = [];
  const inferred = recordedLayers(index.modules).map((l) => {
    layers.push({ kind: l.kind, name: l.name, named: true, attrs: {}, inputs: {}, range: NOWHERE, kindRange: NOWHERE, attrRanges: {} });
    const params = dict(l.params.map((p) => [p, shapes.get(p) ?? []]));
    return { name: l.name, kind: l.kind, attrs: {}, inputs: {}, inputValues: {}, outputs: {}, params, paramCount: l.params.reduce((n, p) => n + size(shapes.get(p) ?? []), 0) };
  });
  const optimizer = index.optimizer?.type ?? 'recorded';
  const spec: ModelSpec = {
    name: baseName(file),
    description: `A recording of ${index.steps.length} training steps (torch ${index.torch}, ${index.device}, rank ${index.rank} of ${index.worldSize})`,
    seed: 0,
    dtype: 'float64',
    data: { source: 'tensors', tensors: {}, range: NOWHERE, ranges: {} },
    layers,
    loss: null,
    training: {
      optimizer: { kind: optimizer, settings: index.optimizer?.hyper ?? {}, range: NOWHERE, kindRange: NOWHERE, settingRanges: {} },
      lr: index.steps[0]?.lr ?? 0,
      schedule: { kind: 'recorded', settings: {}, range: NOWHERE, kindRange: NOWHERE, settingRanges: {} },
      clip: null,
      steps: index.steps.length,
      shuffle: false,
      range: NOWHERE,
      ranges: {},
    },
    debug: { breakOn: { nan_inf: true, exploding: false, vanishing: false, dead_relu: false }, stopOnEntry: true, range: NOWHERE, ranges: {} },
    range: NOWHERE,
    ranges: {},
  };
  const parameters = inferred.reduce((n, l) => n + l.paramCount, 0);
  return { spec, data: { fields: dict(), input: '', examples: 0 }, layers: inferred, parameters, batch: 0 };
}

/**
 * The layers of a recording: each top-level module (ModuleTree's layer) with every parameter of the
 * modules below it, in the index's order; the root is the layer `model` when it owns parameters itself.
 */
export function recordedLayers(modules: readonly TraceModule[]): { readonly name: string; readonly kind: string; readonly params: string[] }[] {
  const tree = new ModuleTree(modules);
  const layers = new Map<string, { name: string; kind: string; params: string[] }>();
  for (const m of modules) {
    if (m.path === '' && m.params.length === 0) continue;
    const place = tree.place(m.path);
    let l = layers.get(place.layer);
    if (!l) layers.set(place.layer, (l = { name: place.layer, kind: tree.module(place.paths[0] ?? '')?.type ?? m.type, params: [] }));
    l.params.push(...m.params);
  }
  return [...layers.values()];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
