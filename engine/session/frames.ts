import type { ModelSpec } from '../model/spec';
import type { FrameInfo, FrameLevel, Location, Phase, SourceRange } from '../protocol/location';
import { depthOf, type Cursor } from './cursor';
import type { FrameSource } from '../train/contract';
import type { EventInfo, StepOutline } from './outline';

type Frame = FrameLevel & Pick<FrameInfo, 'name' | 'range' | 'file'>;

/** Where a module scope's code lies outside the model file (Trainer.moduleSource), null when unknown. */
export type ModuleSources = (scope: readonly string[]) => FrameSource | null;

/** Where the cursor stands, as the protocol's Location. */
export function locationOf(cursor: Cursor, outline: StepOutline | null): Location {
  const e = outline?.events[cursor.event];
  if (!outline || !e) return emptyLocation(cursor.step, outline?.length ?? 0);
  return {
    trainingStep: cursor.step,
    phase: e.phase,
    layer: e.layer,
    timeStep: e.timeStep,
    node: e.name,
    op: e.op,
    eventIndex: cursor.event,
    eventCount: outline.length,
    range: e.range,
  };
}

export function emptyLocation(step: number, eventCount = 0, phase: Phase = 'forward'): Location {
  return { trainingStep: step, phase, layer: null, timeStep: null, node: null, op: null, eventIndex: 0, eventCount, range: null };
}

/**
 * The Call Stack, innermost first (as the Debug Adapter Protocol lists it): the op, its scopes
 * (modules, time steps) innermost first, its layer — down to the cursor's level — then the phase and
 * the training step.
 */
export function framesOf(cursor: Cursor, outline: StepOutline | null, spec: ModelSpec, layerKinds: ReadonlyMap<string, string>, stepNumber: number = cursor.step, sources: ModuleSources = NO_SOURCES): FrameInfo[] {
  const e = outline?.events[cursor.event];
  const frames: Frame[] = e ? eventFrames(e, depthOf(cursor.level), layerKinds, sources) : [];
  const phase = e?.phase ?? 'forward';
  frames.push({ kind: 'phase', name: phase, range: phaseRange(phase, spec) });
  frames.push({ kind: 'step', name: `step ${stepNumber}`, range: spec.ranges.training ?? null });
  return frames.map((f, i) => ({ id: i + 1, ...f, canRestart: f.kind !== 'op' }));
}

/** The event's frames down to `depth`: an event in fewer scopes than that is a group of its own, shown as the op it is. */
function eventFrames(e: EventInfo, depth: number, layerKinds: ReadonlyMap<string, string>, sources: ModuleSources): Frame[] {
  const frames: Frame[] = [];
  if (depth > e.frames.length) frames.push({ kind: 'op', name: opFrameName(e), range: e.range });
  for (const f of e.frames.slice(0, depth).reverse()) frames.push({ kind: f.kind, name: f.scope[f.scope.length - 1], scope: f.scope, ...at(f.kind === 'module' ? sources(f.scope) : null, e.range) });
  const layer = e.node && e.layer && e.phase !== 'loss' ? sources([e.layer]) : null;
  frames.push({ kind: 'layer', name: layerFrameName(e, layerKinds), ...at(layer, e.range) });
  return frames;
}

const NO_SOURCES: ModuleSources = () => null;

/** A frame's place: its module's source in another file when known, else the event's range in the model file. */
function at(source: FrameSource | null, range: SourceRange | null): Pick<Frame, 'range' | 'file'> {
  return source ? { range: { line: source.line, column: 1, endLine: source.line, endColumn: 1 }, file: source.file } : { range };
}

export function opFrameName(e: EventInfo): string {
  if (e.phase === 'update') return e.param ? `${e.param} ← ${e.op}` : 'clip gradients';
  const local = e.node ? e.node.name.split('/').pop()! : e.name;
  return e.phase === 'backward' ? `∂ ${local} (${e.op})` : `${local} = ${e.op}(…)`;
}

function layerFrameName(e: EventInfo, kinds: ReadonlyMap<string, string>): string {
  if (e.phase === 'update') return e.param ? `update ${e.param}` : 'clip';
  if (e.layer === 'loss' || e.phase === 'loss') return 'loss';
  const kind = e.layer ? kinds.get(e.layer) : undefined;
  return kind ? `${e.layer} (${kind})` : (e.layer ?? e.name);
}

function phaseRange(phase: Phase, spec: ModelSpec): SourceRange | null {
  if (phase === 'loss') return spec.loss?.range ?? spec.ranges.model ?? null;
  if (phase === 'update') return spec.ranges.training ?? null;
  return spec.ranges.model ?? null;
}
