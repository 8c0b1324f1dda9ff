import { LIMITS, overLimit } from '../limits';
import { count } from '../model/budget';
import type { ModelSpec } from '../model/spec';
import type { BreakpointResult, BreakpointSpec, FunctionBreakpointSpec, SourceRange } from '../protocol/index';
import { asNumber, evaluateExpr, ExpressionError, freeNames, parseExpression, type Expr } from './expression';
import type { History } from './history';
import { describeFunction, functionFires, readFunctionName, type FunctionCatalogue, type FunctionTarget } from './functionNames';
import { parseLogMessage, type LogMessage } from './logMessage';
import type { StepOutline } from './outline';

/** What a line breakpoint stops at: the entry of a layer (forward and backward), the loss, or the update. */
export type BreakTarget = { readonly kind: 'layer'; readonly layer: string } | { readonly kind: 'loss' } | { readonly kind: 'update' };

export interface HitCondition {
  readonly op: '==' | '>=' | '>' | '<=' | '<' | '%';
  readonly n: number;
}

export interface Breakpoint {
  readonly id: number;
  readonly kind: 'line' | 'function';
  /** A line breakpoint's place, or a function breakpoint's target; null when unverified. */
  readonly target: BreakTarget | FunctionTarget | null;
  readonly condition: { readonly text: string; readonly expr: Expr } | null;
  readonly hit: HitCondition | null;
  /** Times the breakpoint's place was passed with its condition true (hit conditions count these). */
  hits: number;
  /** A logpoint's message: it prints at each hit instead of stopping. */
  readonly log: LogMessage | null;
  readonly result: BreakpointResult;
}

/** What line and function breakpoints share: the condition, the hit condition and the log message, read. */
type Conditions = Pick<Breakpoint, 'condition' | 'hit' | 'log'> & { readonly problems: string[] };

/**
 * Line breakpoints bound to the model file. A breakpoint binds to the layer whose lines hold it and
 * moves to the layer's first line; inside `model:` between layers it binds to the next layer; on the
 * loss it binds to the loss, inside `training:` to the optimizer update. It stops twice per step
 * in its layer: at the layer's first forward op (its inputs are ready; stopped at layer level) and
 * at its last backward node (the gradients of its parameters are complete; stopped at that op).
 * On the loss it stops at the loss's first op, on the update at its first event. A condition is an expression (`loss < 0.1`,
 * `norm(grad(memory.W_f)) > 5`) evaluated there; a hit condition (`5`, `>= 5`, `% 10`) counts the
 * passes with a true condition, going forward. Reverse Continue ignores hit conditions.
 * A logpoint (a log message) prints at each hit, going forward only, and never stops.
 * Function breakpoints (./functionNames.ts) stop at an op kind, a node-name pattern, a phase or a
 * training step, with conditions and hit conditions as well.
 */
export class Breakpoints {
  private list: Breakpoint[] = [];
  private functions: Breakpoint[] = [];
  private nextId = 1;

  get all(): readonly Breakpoint[] {
    return [...this.list, ...this.functions];
  }

  /** A fresh id: line, function and data breakpoints share one numbering. */
  newId(): number {
    return this.nextId++;
  }

  /** Replaces every breakpoint (the DAP setBreakpoints semantics for one file). */
  set(specs: readonly BreakpointSpec[], spec: ModelSpec | null): BreakpointResult[] {
    this.list = specs.map((s) => this.bind(s, spec));
    return this.list.map((b) => b.result);
  }

  /**
   * Breakpoints whose place is event i: a layer's first forward event or its last backward event,
   * the first event of the loss, the first event of the update.
   */
  at(o: StepOutline, i: number, step: number): Breakpoint[] {
    if (this.list.length === 0 && this.functions.length === 0) return [];
    const out = this.list.length ? this.linesAt(o, i) : [];
    for (const b of this.functions) if (b.target && functionFires(b.target as FunctionTarget, o, i, step)) out.push(b);
    return out;
  }

  private linesAt(o: StepOutline, i: number): Breakpoint[] {
    const e = o.events[i];
    const group = o.span(i, 'layer');
    if (i !== (e.phase === 'backward' ? group.end - 1 : group.start)) return [];
    const phaseStart = o.span(i, 'phase').start === i;
    return this.list.filter((b) => b.target && matches(b.target as BreakTarget, e.phase, e.layer, phaseStart));
  }

  /**
   * Whether a breakpoint may stop somewhere in a recorded step: false only when every breakpoint is
   * a logpoint (it never stops), a function breakpoint on another training step, or has a condition
   * that reads nothing but `step`, `loss` and `lr` and is false for that step.
   */
  mayHitIn(step: number, history: History): boolean {
    return this.all.some((b) => b.target && !b.log && !(b.target.kind === 'step' && b.target.step !== step) && (!b.condition || conditionMayHold(b.condition, step, history)));
  }

  /** Replaces every function breakpoint (DAP setFunctionBreakpoints); names are read against this model's step. */
  setFunctions(specs: readonly FunctionBreakpointSpec[], catalogue: FunctionCatalogue): BreakpointResult[] {
    this.functions = specs.map((s) => {
      const id = this.nextId++;
      const read = readFunctionName(s.name, catalogue);
      const c = readConditions(s);
      if ('problem' in read) c.problems.unshift(read.problem);
      const verified = c.problems.length === 0;
      const target = verified ? (read as FunctionTarget) : null;
      const result: BreakpointResult = { id, verified, line: 0, message: target ? describeFunction(target) : c.problems.join('; ') };
      return { id, kind: 'function', target, condition: c.condition, hit: c.hit, log: c.log, hits: 0, result };
    });
    return this.functions.map((b) => b.result);
  }

  /** Whether a hit of these stops at the op (function breakpoints on ops and names) rather than at layer level. */
  static atOp(hits: readonly Breakpoint[]): boolean {
    return hits.some((b) => b.target?.kind === 'op' || b.target?.kind === 'name');
  }

  /** Whether the hit count (already incremented) satisfies the hit condition. */
  static hitMatches(b: Pick<Breakpoint, 'hit' | 'hits'>): boolean {
    const h = b.hit;
    if (!h) return true;
    switch (h.op) {
      case '==':
        return b.hits === h.n;
      case '>=':
        return b.hits >= h.n;
      case '>':
        return b.hits > h.n;
      case '<=':
        return b.hits <= h.n;
      case '<':
        return b.hits < h.n;
      default:
        return b.hits % h.n === 0;
    }
  }

  private bind(s: BreakpointSpec, spec: ModelSpec | null): Breakpoint {
    const id = this.nextId++;
    const place = spec ? bindLine(s.line, spec) : null;
    const { condition, hit, log, problems } = readConditions(s);
    if (!place) problems.push(`line ${s.line} is not in a layer, the loss or the training section`);
    const verified = problems.length === 0;
    const message = verified ? `${log ? 'logs' : 'stops'} at ${describeTarget(place!.target)}` : problems.join('; ');
    const result: BreakpointResult = { id, verified, line: place?.line ?? s.line, message };
    return { id, kind: 'line', target: verified ? place!.target : null, condition, hit, log, hits: 0, result };
  }
}

function readConditions(s: { readonly condition?: string; readonly hitCondition?: string; readonly logMessage?: string }): Conditions {
  const problems: string[] = [];
  let condition: Breakpoint['condition'] = null;
  if (s.condition && s.condition.trim()) {
    try {
      condition = { text: s.condition, expr: parseExpression(s.condition) };
    } catch (e) {
      problems.push(`condition: ${e instanceof ExpressionError ? e.describe() : String(e)}`);
    }
  }
  const hit = s.hitCondition && s.hitCondition.trim() ? parseHitCondition(s.hitCondition) : null;
  if (hit === undefined) problems.push(hitProblem(s.hitCondition ?? ''));
  const log = s.logMessage ? parseLogMessage(s.logMessage) : null;
  if (log && 'problem' in log) problems.push(log.problem);
  return { condition, hit: hit ?? null, log: log && !('problem' in log) ? log : null, problems };
}

function matches(t: BreakTarget, phase: string, layer: string | null, phaseStart: boolean): boolean {
  if (t.kind === 'loss') return phase === 'loss' && phaseStart;
  if (t.kind === 'update') return phase === 'update' && phaseStart;
  return (phase === 'forward' || phase === 'backward') && layer === t.layer;
}

export function describeTarget(t: BreakTarget): string {
  if (t.kind === 'loss') return 'the loss';
  if (t.kind === 'update') return 'the optimizer update';
  return `layer ${t.layer} (forward and backward)`;
}

function inside(line: number, r: SourceRange | undefined | null): boolean {
  return !!r && line >= r.line && line <= r.endLine;
}

/** The place a line binds to, and the line the breakpoint moves to. */
export function bindLine(line: number, spec: ModelSpec): { target: BreakTarget; line: number } | null {
  const layer = spec.layers.find((l) => inside(line, l.range));
  if (layer) return { target: { kind: 'layer', layer: layer.name }, line: layer.range.line };
  if (spec.loss && inside(line, spec.loss.range)) return { target: { kind: 'loss' }, line: spec.loss.range.line };
  if (inside(line, spec.ranges.loss)) return { target: { kind: 'loss' }, line: spec.ranges.loss.line };
  if (inside(line, spec.ranges.training)) return { target: { kind: 'update' }, line: spec.ranges.training.line };
  if (inside(line, spec.ranges.model)) {
    const next = spec.layers.find((l) => l.range.line >= line) ?? spec.layers[spec.layers.length - 1];
    if (next) return { target: { kind: 'layer', layer: next.name }, line: next.range.line };
  }
  return null;
}

/**
 * `5` (the 5th hit), `>= 5`, `> 5`, `<= 5`, `< 5`, `== 5`, `% 10` (every 10th); undefined when
 * unreadable or longer than an expression may be. Trimmed first: two optional runs of spaces side by
 * side would let the pattern backtrack quadratically over a long blank text.
 */
export function parseHitCondition(text: string): HitCondition | undefined {
  if (text.length > LIMITS.expressionLength.max) return undefined;
  const m = /^(==|>=|<=|>|<|%)?\s*(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[2]);
  const op = (m[1] ?? '==') as HitCondition['op'];
  if (op === '%' && n === 0) return undefined;
  return { op, n };
}

function hitProblem(text: string): string {
  if (text.length > LIMITS.expressionLength.max) return `hit condition: ${overLimit(LIMITS.expressionLength, `it is ${count(text.length)} characters long`)}`;
  return `hit condition "${text}" is not a count: write 5, >= 5 or % 10`;
}

/** Names whose value for a whole step the history knows. */
const STEP_NAMES = new Set(['step', 'loss', 'lr']);

function conditionMayHold(c: { readonly text: string; readonly expr: Expr }, step: number, history: History): boolean {
  if (step > history.recorded || ![...freeNames(c.expr)].every((n) => STEP_NAMES.has(n))) return true;
  // Before a step's loss op, `loss` is the previous step's (see SessionNames): either may be read in a step.
  const losses = step > 1 ? [history.lossAt(step - 1), history.lossAt(step)] : [history.lossAt(step)];
  return losses.some((loss) => holds(c, new Map([['step', step], ['loss', loss], ['lr', history.lrAt(step)]])));
}

function holds(c: { readonly text: string; readonly expr: Expr }, values: ReadonlyMap<string, number>): boolean {
  try {
    const n = asNumber(evaluateExpr(c.text, c.expr, { lookup: (name) => values.get(name), names: () => STEP_NAMES }));
    return n === null || n !== 0;
  } catch {
    return true;
  }
}
