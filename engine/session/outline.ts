import type { TapeNode } from '../autograd/node';
import type { Tensor } from '../tensor/tensor';
import type { SourceRange } from '../model/diagnostics';
import type { Phase } from '../protocol/location';
import type { StepEvent } from '../train/contract';
import type { Level } from './cursor';

/** What the debugger shows for one event of a training step. */
export interface EventInfo {
  readonly phase: Phase;
  /** The layer it belongs to (`loss` for the loss and its backward nodes), null for a clip. */
  readonly layer: string | null;
  /** The recurrent time step (`memory/t3/…` → 3), when inside one. */
  readonly timeStep: number | null;
  /** Scope path of the time step (`memory/t3`), when inside one. */
  readonly timeScope: string | null;
  /** Node name (`memory/t3/gate_f`), `update/<param>` or `update/clip`. */
  readonly name: string;
  /** Op of the node, the optimizer kind, or `clip`. */
  readonly op: string;
  readonly node: TapeNode | null;
  readonly param: string | null;
  readonly range: SourceRange | null;
}

/** A layer and the parameter tensors it owns. */
export interface LayerParams {
  readonly name: string;
  readonly params: readonly Tensor[];
}

/** A run of events [start, end) that forms one layer, one time step or one op. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const TIME_STEP = /^t(\d+)$/;

/**
 * The structure of one training step's events, for stepping: each event's layer group (a maximal run
 * of consecutive events of one layer in one phase; each parameter update is a group of its own), its
 * time-step group (a run of events in one `t<k>` scope, or the event alone outside time steps) and
 * its phase. Groups nest: an op lies in a time step, which lies in a layer, which lies in a phase.
 */
export class StepOutline {
  readonly events: readonly EventInfo[];
  private readonly spans: Record<Exclude<Level, 'op'> | 'phase', { start: Int32Array; end: Int32Array }>;
  /** Backward event → the layers whose parameter gradients are complete once it has run. */
  readonly gradientsDone: ReadonlyMap<number, string[]>;

  /** Forward and loss events run when the step begins: this many events count as executed from the start. */
  readonly executedAtStart: number;

  constructor(events: readonly StepEvent[], optimizer: string, layers: readonly LayerParams[]) {
    const lossNodes = new Set(events.flatMap((e) => (e.phase === 'loss' ? [e.node.index] : [])));
    this.events = events.map((e) => describe(e, optimizer, lossNodes));
    const ev = this.events;
    this.spans = {
      phase: runs(ev.length, (a, b) => ev[a].phase === ev[b].phase),
      layer: runs(ev.length, (a, b) => sameLayerGroup(ev[a], ev[b])),
      timestep: runs(ev.length, (a, b) => ev[a].timeScope !== null && ev[a].timeScope === ev[b].timeScope && ev[a].phase === ev[b].phase),
    };
    this.gradientsDone = lastGradientEvents(events, layers);
    const first = events.findIndex((e) => e.phase === 'backward' || e.phase === 'update');
    this.executedAtStart = first < 0 ? events.length : first;
  }

  get length(): number {
    return this.events.length;
  }

  span(i: number, level: Level | 'phase'): Span {
    if (level === 'op') return { start: i, end: i + 1 };
    const s = this.spans[level];
    return { start: s.start[i], end: s.end[i] };
  }

  /** The level that encloses `level` at event i: an op's time step (when it has one) or layer. */
  parentLevel(i: number, level: Level): Level | 'phase' {
    if (level === 'op') return this.events[i].timeScope ? 'timestep' : 'layer';
    return level === 'timestep' ? 'layer' : 'phase';
  }

  /** Whether any event in [start, end) lies in a time step. */
  hasTimeSteps(span: Span): boolean {
    for (let i = span.start; i < span.end; i++) if (this.events[i].timeScope) return true;
    return false;
  }

  /** Index of the first event of a phase, or -1. */
  firstOf(phase: Phase): number {
    return this.events.findIndex((e) => e.phase === phase);
  }
}

/** Index of the first `t<k>` scope below the layer, or -1. */
function timeStepIndex(scope: readonly string[]): number {
  for (let j = 1; j < scope.length; j++) if (scope[j].charCodeAt(0) === 116 && TIME_STEP.test(scope[j])) return j;
  return -1;
}

function describe(e: StepEvent, optimizer: string, lossNodes: ReadonlySet<number>): EventInfo {
  if (e.phase === 'update') {
    const param = e.kind === 'param' ? e.param : null;
    const name = param ? `update/${param}` : 'update/clip';
    return { phase: 'update', layer: e.layer, timeStep: null, timeScope: null, name, op: param ? optimizer : 'clip', node: null, param, range: e.range };
  }
  const node = e.node;
  const isLoss = e.phase === 'loss' || (e.layer === null && lossNodes.has(node.index));
  const layer = isLoss ? 'loss' : (e.layer ?? node.scope[0] ?? null);
  const k = timeStepIndex(node.scope);
  const timeScope = k > 0 ? node.scope.slice(0, k + 1).join('/') : null;
  const timeStep = k > 0 ? Number(node.scope[k].slice(1)) : null;
  return { phase: e.phase, layer, timeStep, timeScope, name: node.name, op: node.op, node, param: null, range: e.range };
}

/** Two consecutive events are one layer-level group: one layer in one phase, the loss, or one update. */
function sameLayerGroup(a: EventInfo, b: EventInfo): boolean {
  if (a.phase !== b.phase) return false;
  if (a.phase === 'loss') return true;
  if (a.phase === 'update') return false;
  return a.layer !== null && a.layer === b.layer;
}

/** Maximal runs of consecutive events that `same` joins: for each index, where its run starts and ends. */
function runs(n: number, same: (a: number, b: number) => boolean): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let s = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && same(i - 1, i)) continue;
    start.fill(s, s, i);
    end.fill(i, s, i);
    s = i;
  }
  return { start, end };
}

/** Per layer, the last backward event with one of its parameters as an input. */
function lastGradientEvents(events: readonly StepEvent[], layers: readonly LayerParams[]): Map<number, string[]> {
  const owner = new Map<Tensor, string>();
  for (const l of layers) for (const p of l.params) owner.set(p, l.name);
  const last = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.phase !== 'backward') return;
    for (const x of e.node.inputs) {
      const layer = owner.get(x);
      if (layer !== undefined) last.set(layer, i);
    }
  });
  const out = new Map<number, string[]>();
  for (const [layer, i] of last) out.set(i, [...(out.get(i) ?? []), layer]);
  return out;
}
