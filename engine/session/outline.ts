import type { TapeNode } from '../autograd/node';
import type { Tensor } from '../tensor/tensor';
import type { SourceRange } from '../model/diagnostics';
import type { Phase, ScopeKind } from '../protocol/location';
import type { StepEvent } from '../train/contract';
import { depthOf, levelAt, type Level } from './cursor';

/** What the debugger shows for one event of a training step. */
export interface EventInfo {
  readonly phase: Phase;
  /** The layer it belongs to (`loss` for the loss and its backward nodes), null for a clip. */
  readonly layer: string | null;
  /** The recurrent time step (`memory/t3/…` → 3), when inside one. */
  readonly timeStep: number | null;
  /** Scope path of the time step (`memory/t3`), when inside one. */
  readonly timeScope: string | null;
  /** The scopes below the layer that the debugger steps into, outermost first (empty outside any). */
  readonly frames: readonly ScopeFrame[];
  /** Node name (`memory/t3/gate_f`), `update/<param>` or `update/clip`. */
  readonly name: string;
  /** Op of the node, the optimizer kind, or `clip`. */
  readonly op: string;
  readonly node: TapeNode | null;
  readonly param: string | null;
  readonly range: SourceRange | null;
}

/**
 * A scope nested in a layer that is a level of the Call Stack: a recurrent time step (`t3`) or a
 * module of an imported model (`layers.0`). Events in one scope share the same object.
 */
export interface ScopeFrame {
  readonly kind: ScopeKind;
  /** Its tape scope, the layer's first: `['reverser', 'encoder', 'layers.0']`. */
  readonly scope: readonly string[];
}

/** A layer and the parameter tensors it owns. */
export interface LayerParams {
  readonly name: string;
  readonly params: readonly Tensor[];
}

/** A run of events [start, end) that forms one layer, one scope or one op. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const TIME_STEP = /^t(\d+)$/;

type Runs = { start: Int32Array; end: Int32Array };

/**
 * The structure of one training step's events, for stepping: each event's layer group (a maximal run
 * of consecutive events of one layer in one phase; each parameter update is a group of its own), its
 * scope group at each depth d ≥ 1 (a run of events in one scope frame at depth d, or the event alone
 * when it lies in fewer than d frames) and its phase. Groups nest: an op lies in its scopes, innermost
 * first, which lie in a layer, which lies in a phase. A scope frame is a time step (`t<k>` below the
 * layer) or a scope the tape opened as a module (`modules`: scope paths joined by `/`).
 */
export class StepOutline {
  readonly events: readonly EventInfo[];
  private readonly spans: Record<'layer' | 'phase', Runs>;
  /** Scope groups by depth, computed when first asked for. */
  private readonly scopeSpans = new Map<number, Runs>();
  /** Backward event → the layers whose parameter gradients are complete once it has run. */
  readonly gradientsDone: ReadonlyMap<number, string[]>;

  /** Forward and loss events run when the step begins: this many events count as executed from the start. */
  readonly executedAtStart: number;

  constructor(events: readonly StepEvent[], optimizer: string, layers: readonly LayerParams[], modules: ReadonlySet<string> = new Set()) {
    const lossNodes = new Set(events.flatMap((e) => (e.phase === 'loss' ? [e.node.index] : [])));
    const frames = new ScopeFrames(modules);
    this.events = events.map((e) => describe(e, optimizer, lossNodes, frames));
    const ev = this.events;
    this.spans = {
      phase: runs(ev.length, (a, b) => ev[a].phase === ev[b].phase),
      layer: runs(ev.length, (a, b) => sameLayerGroup(ev[a], ev[b])),
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
    const s = typeof level === 'number' ? this.scopeRuns(level) : this.spans[level];
    return { start: s.start[i], end: s.end[i] };
  }

  private scopeRuns(depth: number): Runs {
    let r = this.scopeSpans.get(depth);
    if (!r) {
      const ev = this.events;
      r = runs(ev.length, (a, b) => sameLayerGroup(ev[a], ev[b]) && ev[a].frames[depth - 1] !== undefined && ev[a].frames[depth - 1] === ev[b].frames[depth - 1]);
      this.scopeSpans.set(depth, r);
    }
    return r;
  }

  /**
   * The level that encloses `level` at event i: a scope's enclosing scope or layer; an op's (or an
   * event's alone at a depth deeper than its scopes) innermost scope or layer; a layer's phase.
   */
  parentLevel(i: number, level: Level): Level | 'phase' {
    if (level === 'layer') return 'phase';
    const n = this.events[i].frames.length;
    const d = depthOf(level);
    return levelAt(d > n ? n : d - 1);
  }

  /** The level Step In goes to from a group at `level`: the next scope depth when an event of the group lies that deep, else the op. */
  innerLevel(span: Span, level: Level): Level {
    const d = depthOf(level);
    for (let i = span.start; i < span.end; i++) if (this.events[i].frames.length > d) return levelAt(d + 1);
    return 'op';
  }

  /** Index of the first event of a phase, or -1. */
  firstOf(phase: Phase): number {
    return this.events.findIndex((e) => e.phase === phase);
  }
}

/** Index of the first `t<k>` scope below the layer, or -1. */
function timeStepIndex(scope: readonly string[]): number {
  for (let j = 1; j < scope.length; j++) if (isTimeStep(scope[j])) return j;
  return -1;
}

/** The scope frames of events, one object per scope path (events in one scope share it). */
class ScopeFrames {
  private readonly known = new Map<string, ScopeFrame>();

  constructor(private readonly modules: ReadonlySet<string>) {}

  /** The frames of a tape scope: below its first entry (the layer), each time step or module. */
  of(scope: readonly string[]): ScopeFrame[] {
    const out: ScopeFrame[] = [];
    let path = scope[0] ?? '';
    for (let j = 1; j < scope.length; j++) {
      path += `/${scope[j]}`;
      const kind = isTimeStep(scope[j]) ? 'timestep' : this.modules.has(path) ? 'module' : null;
      if (kind) out.push(this.frame(path, kind, scope, j));
    }
    return out;
  }

  private frame(path: string, kind: ScopeKind, scope: readonly string[], j: number): ScopeFrame {
    let f = this.known.get(path);
    if (!f) this.known.set(path, (f = { kind, scope: scope.slice(0, j + 1) }));
    return f;
  }
}

function isTimeStep(part: string): boolean {
  return part.charCodeAt(0) === 116 && TIME_STEP.test(part);
}

function describe(e: StepEvent, optimizer: string, lossNodes: ReadonlySet<number>, frames: ScopeFrames): EventInfo {
  if (e.phase === 'update') {
    const param = e.kind === 'param' ? e.param : null;
    const name = param ? `update/${param}` : 'update/clip';
    return { phase: 'update', layer: e.layer, timeStep: null, timeScope: null, frames: [], name, op: param ? optimizer : 'clip', node: null, param, range: e.range };
  }
  const node = e.node;
  const isLoss = e.phase === 'loss' || (e.layer === null && lossNodes.has(node.index));
  const layer = isLoss ? 'loss' : (e.layer ?? node.scope[0] ?? null);
  const k = timeStepIndex(node.scope);
  const timeScope = k > 0 ? node.scope.slice(0, k + 1).join('/') : null;
  const timeStep = k > 0 ? Number(node.scope[k].slice(1)) : null;
  return { phase: e.phase, layer, timeStep, timeScope, frames: frames.of(node.scope), name: node.name, op: node.op, node, param: null, range: e.range };
}

/** Two consecutive events are one layer-level group: one layer in one phase, the loss, or one update. */
function sameLayerGroup(a: EventInfo, b: EventInfo): boolean {
  if (a.phase !== b.phase) return false;
  if (a.phase === 'loss') return true;
  if (a.phase === 'update') return false;
  return a.layer !== null && a.layer === b.layer;
}

/** Maximal runs of consecutive events that `same` joins: for each index, where its run starts and ends. */
function runs(n: number, same: (a: number, b: number) => boolean): Runs {
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
