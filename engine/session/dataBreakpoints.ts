import type { BreakpointResult, DataBreakpointInfo, DataBreakpointSpec } from '../protocol/session';
import { l2norm } from '../tensor/stats';
import type { Tensor } from '../tensor/tensor';
import { Breakpoints, parseHitCondition, type HitCondition } from './breakpoints';
import type { Position } from './cursor';
import { formatNumber } from './format';
import type { EventInfo, StepOutline } from './outline';
import type { SessionState } from './state';
import { variables } from './variables';

/**
 * Data breakpoints ("Break on Value Change" on a Variables row), by tensor name:
 * - a parameter stops at its optimizer update when its values change by more than a relative
 *   amount: ‖W_after − W_before‖ / ‖W_before‖ compared with the condition (`> 0.01`; none: any
 *   change). W_before is copied just before the update event executes (`beforeEvent`);
 * - a tensor of the tape (`hidden/y`, `memory/t3/gate_f`) stops at the op that computes it when its
 *   norm crosses the condition's threshold (`> 5`: it is above 5 and was not in the previous step;
 *   none: its norm differs from the previous step's). Without the previous step's norm at hand (the
 *   first step, or the first step of a segment Reverse Continue replays) being on the side counts.
 * Hit conditions count the passes where it fires, going forward, as for line breakpoints.
 */
export interface DataBreakpoint {
  readonly id: number;
  readonly target: DataTarget | null;
  readonly threshold: Threshold | null;
  readonly hit: HitCondition | null;
  hits: number;
  readonly result: BreakpointResult;
  /** The parameter's values just before its update event at `pos`. */
  before: { readonly pos: Position; readonly values: Float64Array } | null;
  /** The tensor's norm the last time it was computed. */
  last: { readonly step: number; readonly norm: number } | null;
}

export type DataTarget = { readonly kind: 'param'; readonly name: string; readonly tensor: Tensor } | { readonly kind: 'tensor'; readonly name: string };

export interface Threshold {
  readonly op: '>' | '>=' | '<' | '<=';
  readonly x: number;
}

/** What a data breakpoint can be on: the parameters, and the names of the tape's tensors in a step. */
export interface DataScope {
  readonly params: ReadonlyMap<string, Tensor>;
  readonly tensors: ReadonlySet<string>;
}

export interface DataHit {
  readonly ids: number[];
  readonly description: string;
}

export class DataBreakpoints {
  private list: DataBreakpoint[] = [];

  constructor(private readonly newId: () => number) {}

  get all(): readonly DataBreakpoint[] {
    return this.list;
  }

  /** Replaces every data breakpoint (DAP setDataBreakpoints). */
  set(specs: readonly DataBreakpointSpec[], scope: DataScope): BreakpointResult[] {
    this.list = specs.map((s) => bind(this.newId(), s, scope));
    return this.list.map((b) => b.result);
  }

  /** Before event `pos` executes (the trainer has executed exactly the events before it): copies a watched parameter it updates. */
  beforeEvent(o: StepOutline, pos: Position): void {
    const e = o.events[pos.event];
    if (!e?.param) return;
    for (const b of this.list) if (b.target?.kind === 'param' && b.target.name === e.param) b.before = { pos, values: Float64Array.from(b.target.tensor.data) };
  }

  /** The data breakpoints that fire at event `pos` (just executed); hit counts advance when `counting`. */
  at(o: StepOutline, pos: Position, counting: boolean): DataHit | null {
    if (this.list.length === 0) return null;
    const e = o.events[pos.event];
    const ids: number[] = [];
    let description = '';
    for (const b of this.list) {
      const text = b.target && fires(b, b.target, e, pos);
      if (!text) continue;
      if (counting) b.hits++;
      if (counting && !Breakpoints.hitMatches(b)) continue;
      ids.push(b.id);
      description ||= `Paused on data breakpoint ${b.id}: ${text}, step ${pos.step}`;
    }
    return ids.length ? { ids, description } : null;
  }
}

/** Whether the Variables row `name` of `ref` (or the expression `name`, without a ref) can have a data breakpoint. */
export function rowDataInfo(s: SessionState, ref: string | null, name: string): DataBreakpointInfo {
  const row = ref === null ? null : variables(s, ref).find((v) => v.name === name);
  if (ref !== null && !row) return { dataId: null, description: `there is no row ${name} here any more` };
  const isNumber = row ? row.type === 'number' : typeof s.names().lookup(name) === 'number';
  if (isNumber) return { dataId: null, description: `${name} is a number: a conditional breakpoint (${row?.expression ?? name} < 0.1) stops on its value` };
  const expression = row ? row.expression : name;
  if (!expression) return { dataId: null, description: `${name} is not a named tensor: a data breakpoint goes on a parameter or a named tensor of the tape` };
  return dataInfo(expression, s.stepCatalogue().data);
}

/** What an expression can have: a parameter's or a tape tensor's name gives an id; anything else says why not. */
export function dataInfo(expression: string, scope: DataScope): DataBreakpointInfo {
  // The Breakpoints view shows this as the breakpoint's label: short; the verified message says what the condition means.
  if (scope.params.has(expression)) return { dataId: expression, description: `${expression} changes` };
  if (scope.tensors.has(expression)) return { dataId: expression, description: `‖${expression}‖ crosses a threshold` };
  return { dataId: null, description: `only a parameter or a named tensor of the tape can have a data breakpoint; ${expression} is neither` };
}

function bind(id: number, s: DataBreakpointSpec, scope: DataScope): DataBreakpoint {
  const problems: string[] = [];
  const tensor = scope.params.get(s.dataId);
  const target: DataTarget | null = tensor ? { kind: 'param', name: s.dataId, tensor } : scope.tensors.has(s.dataId) ? { kind: 'tensor', name: s.dataId } : null;
  if (!target) problems.push(`no parameter or tensor of the tape is named ${s.dataId}`);
  if (s.accessType === 'read') problems.push('Backstep stops where a value changes, never where it is read');
  const threshold = s.condition?.trim() ? parseThreshold(s.condition) : null;
  if (threshold === undefined) problems.push(`condition "${s.condition}" is not a threshold: write > 0.01, >= 5 or < 0.001`);
  const hit = s.hitCondition?.trim() ? parseHitCondition(s.hitCondition) : null;
  if (hit === undefined) problems.push(`hit condition "${s.hitCondition}" is not a count: write 5, >= 5 or % 10`);
  const verified = problems.length === 0;
  const message = verified ? describe(target!, threshold ?? null) : problems.join('; ');
  return { id, target: verified ? target : null, threshold: threshold ?? null, hit: hit ?? null, hits: 0, result: { id, verified, line: 0, message }, before: null, last: null };
}

function describe(t: DataTarget, threshold: Threshold | null): string {
  if (t.kind === 'param') return `stops at the update of ${t.name} when ‖Δ‖/‖W‖ ${threshold ? thresholdText(threshold) : '> 0'}`;
  return threshold ? `stops where ‖${t.name}‖ crosses ${thresholdText(threshold)}` : `stops where ‖${t.name}‖ differs from the previous step's (a condition such as > 5 sets a threshold)`;
}

/** `> 0.01`, `>= 5`, `< 1e-3`; a bare number is `>`; undefined when unreadable. */
export function parseThreshold(text: string): Threshold | undefined {
  const m = /^(>=|<=|>|<)?\s*([^\s<>=]{1,40})$/.exec(text.trim());
  const x = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(x)) return undefined;
  return { op: (m[1] ?? '>') as Threshold['op'], x };
}

function thresholdText(t: Threshold): string {
  return `${t.op} ${formatNumber(t.x)}`;
}

function holds(t: Threshold, v: number): boolean {
  if (t.op === '>') return v > t.x;
  if (t.op === '>=') return v >= t.x;
  if (t.op === '<') return v < t.x;
  return v <= t.x;
}

/** Why `b` fires at event `e`, or null. */
function fires(b: DataBreakpoint, t: DataTarget, e: EventInfo, pos: Position): string | null {
  if (t.kind === 'param') return e.param === t.name ? paramChange(b, t.tensor, pos) : null;
  if (!e.node || (e.phase !== 'forward' && e.phase !== 'loss')) return null;
  const y = e.node.outputs.find((o) => o.name === t.name);
  return y ? normCrossing(b, t.name, l2norm(y), pos.step) : null;
}

function paramChange(b: DataBreakpoint, w: Tensor, pos: Position): string | null {
  const before = b.before;
  b.before = null;
  if (!before || before.pos.step !== pos.step || before.pos.event !== pos.event) return null;
  let delta = 0;
  let norm = 0;
  for (let i = 0; i < w.data.length; i++) {
    delta += (w.data[i] - before.values[i]) ** 2;
    norm += before.values[i] ** 2;
  }
  // ‖Δ‖/‖W‖, with a zero W: any change is infinitely large.
  const rel = norm > 0 ? Math.sqrt(delta / norm) : delta > 0 ? Infinity : 0;
  const changed = b.threshold ? holds(b.threshold, rel) : rel > 0;
  return changed ? `${w.name} changed by ‖Δ‖/‖W‖ = ${formatNumber(rel)}${b.threshold ? ` (${thresholdText(b.threshold)})` : ''}` : null;
}

function normCrossing(b: DataBreakpoint, name: string, norm: number, step: number): string | null {
  const last = b.last?.step === step - 1 ? b.last.norm : null;
  b.last = { step, norm };
  const t = b.threshold;
  if (!t) return last !== null && last !== norm ? `‖${name}‖ changed from ${formatNumber(last)} to ${formatNumber(norm)}` : null;
  if (!holds(t, norm) || (last !== null && holds(t, last))) return null;
  return `‖${name}‖ = ${formatNumber(norm)} crossed ${thresholdText(t)}`;
}
