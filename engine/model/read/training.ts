import { readAttrs } from '../attrs';
import { BREAKPOINTS, CLIP_ATTRS, DEBUG_ATTRS, GENERATE_ATTRS, INIT_ATTRS, LOSSES, OPTIMIZERS, SCHEDULES, TRAINING_ATTRS } from '../catalog/training';
import { defaultThreshold } from '../catalog/exceptionFilters';
import type { Diagnostics, SourceRange } from '../diagnostics';
import type { ClipSpec, DebugSpec, GenerateSpec, InitSpec, InputRef, KindSpec, TrainingSpec } from '../spec';
import { describeNode, entryOf, type SMap, type SNode } from '../source';
import { readKind } from './kind';
import { readRef } from './refs';

/** `loss`, `training` and `debug`: kinds with settings, read against the catalogue's tables. */

export interface ReadLoss extends KindSpec {
  readonly input?: InputRef;
  readonly target?: InputRef;
}

/** `loss: cross_entropy` or `loss: { cross_entropy: { input: out, target: y } }`. */
export function readLoss(node: SNode, diag: Diagnostics): ReadLoss | null {
  const read = readKind(node, LOSSES, 'loss', diag, ['input', 'target']);
  if (!read) return null;
  const { settingsMap, ...spec } = read;
  const ref = (key: string) => {
    const e = settingsMap && entryOf(settingsMap, key);
    return (e && readRef(e.value, `loss \`${key}\``, diag)) ?? undefined;
  };
  return { ...spec, input: ref('input'), target: ref('target') };
}

export function readTraining(node: SNode | undefined, diag: Diagnostics, at: SourceRange): TrainingSpec {
  const map = asMap(node, '`training`', diag);
  const range = node?.range ?? at;
  const attrs = readAttrs(map, TRAINING_ATTRS, { diag, owner: '`training`', reserved: ['optimizer', 'schedule', 'clip', 'generate'], at: range });
  const sub = (key: string) => (map ? entryOf(map, key)?.value : undefined);
  const optimizerNode = sub('optimizer');
  const scheduleNode = sub('schedule');
  const clipNode = sub('clip');
  const optimizer = (optimizerNode && readKind(optimizerNode, OPTIMIZERS, 'optimizer', diag)) || defaultKind('sgd', OPTIMIZERS[0].attrs, range);
  const schedule = (scheduleNode && readKind(scheduleNode, SCHEDULES, 'schedule', diag)) || defaultKind('constant', {}, range);
  const ranges: Record<string, SourceRange> = { ...attrs.ranges };
  const generate = sub('generate') && readGenerate(sub('generate')!, diag);
  for (const key of ['optimizer', 'schedule', 'clip', 'generate']) if (sub(key)) ranges[key] = sub(key)!.range;
  return {
    optimizer: strip(optimizer),
    schedule: strip(schedule),
    clip: clipNode ? readClip(clipNode, diag) : null,
    ...(generate ? { generate } : {}),
    lr: attrs.values.lr as number,
    batchSize: attrs.values.batch_size as number | undefined,
    steps: attrs.values.steps as number,
    shuffle: attrs.values.shuffle as boolean,
    range,
    ranges,
  };
}

function strip(k: KindSpec & { settingsMap?: unknown }): KindSpec {
  const { kind, settings, range, kindRange, settingRanges } = k;
  return { kind, settings, range, kindRange, settingRanges };
}

function defaultKind(kind: string, attrs: Parameters<typeof readAttrs>[1], at: SourceRange): KindSpec {
  const settings = Object.fromEntries(Object.entries(attrs).filter(([, d]) => d.default !== undefined).map(([k, d]) => [k, d.default!]));
  return { kind, settings, range: at, kindRange: at, settingRanges: {} };
}

/** `clip: { norm: 1.0 }` or `clip: { value: 0.5 }` — exactly one. */
function readClip(node: SNode, diag: Diagnostics): ClipSpec | null {
  const map = asMap(node, '`clip`', diag);
  if (!map) return null;
  const read = readAttrs(map, CLIP_ATTRS, { diag, owner: '`clip`', at: node.range });
  const modes = (['norm', 'value'] as const).filter((m) => read.values[m] !== undefined);
  if (modes.length !== 1) {
    const written = map.entries.filter((e) => e.key === 'norm' || e.key === 'value');
    if (written.length !== 1) diag.add(written.length ? 'E_CONFLICT' : 'E_REQUIRED', '`clip` takes one of `norm: <max norm>` or `value: <max |g|>`', node.range);
    return null;
  }
  return { mode: modes[0], max: read.values[modes[0]] as number, range: node.range };
}

/** `generate: { every: 50, length: 60, prompt: "We the", temperature: 0 }` (or `generate: {}`, every default). */
function readGenerate(node: SNode, diag: Diagnostics): GenerateSpec | null {
  const map = asMap(node, '`generate`', diag);
  if (!map) return null;
  const v = readAttrs(map, GENERATE_ATTRS, { diag, owner: '`generate`', at: node.range }).values;
  return { every: v.every as number, length: v.length as number, prompt: v.prompt as string, temperature: v.temperature as number, range: node.range };
}

/** `init: { from: weights.safetensors }`; null when `from` is missing or not a string (reported). */
export function readInit(node: SNode, diag: Diagnostics): InitSpec | null {
  const map = asMap(node, '`init`', diag);
  const attrs = readAttrs(map, INIT_ATTRS, { diag, owner: '`init`', at: node.range });
  const from = attrs.values.from;
  return typeof from === 'string' ? { from, range: node.range, fromRange: attrs.ranges.from ?? node.range } : null;
}

export function readDebug(node: SNode | undefined, diag: Diagnostics, at: SourceRange): DebugSpec {
  const map = asMap(node, '`debug`', diag);
  const range = node?.range ?? at;
  const attrs = readAttrs(map, DEBUG_ATTRS, { diag, owner: '`debug`', reserved: ['break_on'], at: range });
  const breakNode = map ? entryOf(map, 'break_on')?.value : undefined;
  const breaks = readAttrs(breakNode ? asMap(breakNode, '`break_on`', diag) : null, BREAKPOINTS, { diag, owner: '`break_on`', at: breakNode?.range ?? range });
  const threshold = (key: 'exploding' | 'vanishing' | 'dead_relu'): number | false => {
    const v = breaks.values[key];
    if (v === true) return defaultThreshold(key);
    return typeof v === 'number' ? v : false;
  };
  const ranges: Record<string, SourceRange> = { ...attrs.ranges };
  for (const [k, r] of Object.entries(breaks.ranges)) ranges[`break_on.${k}`] = r;
  return {
    breakOn: { nan_inf: breaks.values.nan_inf === true, exploding: threshold('exploding'), vanishing: threshold('vanishing'), dead_relu: threshold('dead_relu') },
    stopOnEntry: attrs.values.stop_on_entry as boolean,
    range,
    ranges,
  };
}

function asMap(node: SNode | undefined, what: string, diag: Diagnostics): SMap | null {
  if (!node || (node.kind === 'scalar' && node.value === null)) return null;
  if (node.kind === 'map') return node;
  diag.add('E_TYPE', `${what} must be a mapping of settings (\`key: value\` lines), got ${describeNode(node)}`, node.range);
  return null;
}
