import { dict, own } from '../dict';
import type { DType } from '../tensor/dtype';
import { int, oneOf, readAttrs, reportUnknownKey, type AttrDef } from './attrs';
import { Diagnostics, START_OF_FILE } from './diagnostics';
import { readData } from './read/data';
import { readLayers } from './read/layers';
import { readDebug, readInit, readLoss, readTraining, type ReadLoss } from './read/training';
import { describeNode, readSource, type SMap } from './source';
import type { ModelSpec } from './spec';

/**
 * Text of a model file (YAML, or JSON) → the spec, with every problem located. Reading goes on after
 * an error, so one pass reports them all; the spec is null only when there is no mapping at the top.
 * The loss keeps what was written; the checker (`validate.ts`) resolves its defaults and references.
 */
export interface Parsed {
  readonly spec: ParsedSpec | null;
  readonly diagnostics: Diagnostics;
}

/** The spec as read, before the checker fills in the loss' default input and target. */
export type ParsedSpec = Omit<ModelSpec, 'loss' | 'data'> & { readonly loss: ReadLoss | null; readonly data: ModelSpec['data'] | null };

const TOP: Record<string, AttrDef> = {
  name: { type: { kind: 'string' }, default: 'model', doc: 'a short name, shown in the debugger' },
  description: { type: { kind: 'string' }, default: '', doc: 'what the model shows and what to watch (shown in the UI)' },
  seed: int('seed of every random draw: initial weights, data, batches', { min: 0, max: 4294967295, default: 0 }),
  dtype: oneOf('floating-point precision of every tensor', ['float64', 'float32'], 'float64'),
  $schema: { type: { kind: 'string' }, doc: 'the JSON Schema of the format (for editors)' },
};
const SECTIONS = ['data', 'model', 'loss', 'training', 'debug', 'init'];

/** Keys that belong one level down, so the message can say where. */
const MISPLACED: Record<string, string> = {
  layers: 'the list of layers is `model:`',
  optimizer: '`optimizer` belongs under `training:`',
  lr: '`lr` belongs under `training:`',
  learning_rate: 'the learning rate is `lr` under `training:`',
  schedule: '`schedule` belongs under `training:`',
  steps: '`steps` belongs under `training:`',
  batch_size: '`batch_size` belongs under `training:`',
  clip: '`clip` belongs under `training:`',
  task: '`task` belongs under `data:`',
  break_on: '`break_on` belongs under `debug:`',
};

export function parseModel(text: string, diag = new Diagnostics()): Parsed {
  const before = diag.count;
  const root = readSource(text, diag);
  // Unreadable (not UTF-8, over a limit): that error alone.
  if (!root && diag.count > before) return { spec: null, diagnostics: diag };
  if (!root || root.kind !== 'map') {
    const at = root?.range ?? START_OF_FILE;
    diag.add('E_TYPE', root ? `a model file is a mapping of keys (name, data, model, loss, training), got ${describeNode(root)}` : 'the file is empty; a model needs at least `data` and `model`', at);
    return { spec: null, diagnostics: diag };
  }
  return { spec: readTop(root, diag), diagnostics: diag };
}

function readTop(root: SMap, diag: Diagnostics): ParsedSpec {
  const known = [...Object.keys(TOP), ...SECTIONS];
  for (const e of root.entries) {
    if (known.includes(e.key)) continue;
    const misplaced = own(MISPLACED, e.key);
    if (misplaced) diag.add('E_UNKNOWN_KEY', `unknown key \`${e.key}\` at the top level: ${misplaced}`, e.keyRange);
    else reportUnknownKey(e.key, e.keyRange, known.filter((k) => k !== '$schema'), { diag, owner: 'the model file' });
  }
  // Unknown keys were reported above (with where they belong); read only the settings here.
  const settings: SMap = { ...root, entries: root.entries.filter((e) => own(TOP, e.key)) };
  const top = readAttrs(settings, TOP, { diag, owner: 'the model file', at: root.range });
  const section = (key: string) => root.entries.find((e) => e.key === key)?.value;
  const ranges = dict(root.entries.map((e) => [e.key, e.value.range]));
  for (const key of ['data', 'model']) {
    if (!section(key)) diag.add('E_REQUIRED', `the model file needs \`${key}:\` (${key === 'data' ? 'what to train on' : 'the list of layers'})`, START_OF_FILE);
  }
  const dataNode = section('data');
  const modelNode = section('model');
  const lossNode = section('loss');
  const initNode = section('init');
  const init = initNode ? readInit(initNode, diag) : null;
  return {
    name: top.values.name as string,
    description: top.values.description as string,
    seed: top.values.seed as number,
    dtype: top.values.dtype as DType,
    data: dataNode ? readData(dataNode, diag) : null,
    layers: modelNode ? readLayers(modelNode, diag) : [],
    loss: lossNode ? readLoss(lossNode, diag) : null,
    training: readTraining(section('training'), diag, root.range),
    debug: readDebug(section('debug'), diag, root.range),
    ...(init ? { init } : {}),
    range: root.range,
    ranges,
  };
}
