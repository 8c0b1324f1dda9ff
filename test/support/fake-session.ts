import type {
  BreakpointResult,
  BreakpointSpec,
  ExceptionFilterSetting,
  FrameInfo,
  LaunchOptions,
  Location,
  Phase,
  SessionClient,
  SessionEvent,
  SessionRequest,
  SessionResponse,
  SourceRange,
  StopInfo,
  StopReason,
  VariableView,
} from '../../engine/protocol';
import type { Diagnostic } from '../../engine/model/diagnostics';

/**
 * A small scripted `SessionClient`, to test the debug adapter's translation without the engine.
 * Its "model file" is plain text: every line `- layer: NAME` is a layer at that line, `steps: N` sets
 * the training steps, and a line holding `!!broken` is a located error. One training step runs each
 * layer forward, the loss, each layer backward (reversed) and one update per layer. A layer whose name
 * contains `nan` produces a NaN from training step 2 on. The tensor `x` has 250 values, x[i] = i/2.
 */
interface FakeEvent {
  readonly phase: Phase;
  readonly layer: string | null;
  readonly node: string;
  readonly op: string;
  readonly range: SourceRange | null;
}

interface Bp extends BreakpointSpec {
  readonly id: number;
  hits: number;
}

export const FAKE_TENSOR_SIZE = 250;

export class FakeSession implements SessionClient {
  /** Every request received, in order: what the adapter asked for. */
  readonly requests: SessionRequest[] = [];
  launched: LaunchOptions | null = null;
  disposed = false;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private events: FakeEvent[] = [];
  private totalSteps = 3;
  private step = 1;
  private index = 0;
  private bps: Bp[] = [];
  private filters: ExceptionFilterSetting[] = [];
  private nextBpId = 100;

  async launch(options: LaunchOptions): Promise<{ ok: true; stop: StopInfo } | { ok: false; diagnostics: readonly Diagnostic[]; message: string }> {
    await Promise.resolve();
    this.launched = options;
    const lines = options.text.split('\n');
    const diagnostics: Diagnostic[] = [];
    const layers: { name: string; range: SourceRange }[] = [];
    lines.forEach((text, i) => {
      const line = i + 1;
      if (text.includes('!!broken')) diagnostics.push({ code: 'E_YAML', message: 'a broken line', line, column: text.indexOf('!!broken') + 1, endLine: line, endColumn: text.length + 1 });
      const layer = /^\s*- layer: (\w+)/.exec(text);
      if (layer) layers.push({ name: layer[1], range: { line, column: text.indexOf('-') + 1, endLine: line, endColumn: text.length + 1 } });
      const steps = /^steps: (\d+)/.exec(text);
      if (steps) this.totalSteps = Number(steps[1]);
    });
    if (options.steps) this.totalSteps = options.steps;
    if (diagnostics.length) return { ok: false, diagnostics, message: `${diagnostics.length} error(s)` };
    if (!layers.length) return { ok: false, diagnostics: [], message: 'no layers' };
    this.filters = [...(options.exceptionFilters ?? [{ filter: 'nan_inf' }])];
    const forward = layers.map((l): FakeEvent => ({ phase: 'forward', layer: l.name, node: `${l.name}/y`, op: 'tanh', range: l.range }));
    const backward = [...forward].reverse().map((e): FakeEvent => ({ ...e, phase: 'backward' }));
    const update = layers.map((l): FakeEvent => ({ phase: 'update', layer: l.name, node: `update/${l.name}.W`, op: 'sgd', range: l.range }));
    this.events = [...forward, { phase: 'loss', layer: null, node: 'loss/mse', op: 'mse', range: null }, ...backward, ...update];
    return { ok: true, stop: this.stopAt('entry', 'Paused on entry') };
  }

  async request<R extends SessionRequest>(request: R): Promise<SessionResponse<R['command']>> {
    await Promise.resolve();
    this.requests.push(request);
    const answer = this.answer(request);
    return ('error' in answer ? { ok: false, command: request.command, error: answer.error } : { ok: true, command: request.command, body: answer.body }) as SessionResponse<R['command']>;
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  emit(event: SessionEvent): void {
    for (const l of this.listeners) l(event);
  }

  private answer(r: SessionRequest): { body: unknown } | { error: { code: string; message: string } } {
    switch (r.command) {
      case 'stepOver':
      case 'stepIn':
        return this.move(1) ? { body: this.stopAt('step', 'Paused after a step') } : { body: this.stopAt('end', 'Training finished') };
      case 'stepOut': {
        const phase = this.current.phase;
        while (this.current.phase === phase && this.move(1));
        return { body: this.stopAt('step', 'Paused after stepping out') };
      }
      case 'stepBack':
        return this.move(-1) ? { body: this.stopAt('step', 'Paused after a step back') } : { error: { code: 'E_START', message: 'Already at the very start: nothing to step back to.' } };
      case 'continue':
        return { body: this.runTo(1) };
      case 'reverseContinue':
        return { body: this.runTo(-1) };
      case 'pause':
        return { body: this.stopAt('pause', 'Paused') };
      case 'restart':
        this.step = 1;
        this.index = 0;
        return { body: this.stopAt('entry', 'Paused on entry') };
      case 'goto':
        if (r.trainingStep > this.totalSteps) return { error: { code: 'E_GOTO', message: `There are only ${this.totalSteps} training steps.` } };
        this.step = r.trainingStep;
        this.index = 0;
        return { body: this.stopAt('goto', `Paused at training step ${r.trainingStep}`) };
      case 'setBreakpoints':
        return { body: this.setBreakpoints(r.breakpoints) };
      case 'setExceptionBreakpoints':
        this.filters = [...r.filters];
        return { body: r.filters.map((f) => f.filter) };
      case 'stackTrace':
        return { body: this.frames() };
      case 'scopes':
        return { body: [view('Op', 'op'), view('Training', 'training')] };
      case 'variables':
        return this.variables(r.ref, r.start, r.count);
      case 'evaluate':
        return this.evaluate(r.expression);
      case 'tensorSlice':
        return { body: { name: r.name, shape: [FAKE_TENSOR_SIZE], start: r.start, values: range(r.start, r.count).map((i) => i / 2) } };
      case 'inspector':
      case 'graph':
      case 'history':
        return { error: { code: 'E_FAKE', message: `the fake session has no ${r.command} view` } };
    }
  }

  private get current(): FakeEvent {
    return this.events[this.index];
  }

  /** Moves one event forward or back across training steps; false at either end. */
  private move(delta: 1 | -1): boolean {
    const next = this.index + delta;
    if (next >= 0 && next < this.events.length) {
      this.index = next;
    } else if (delta === 1 && this.step < this.totalSteps) {
      this.emit({ event: 'progress', trainingStep: this.step, totalSteps: this.totalSteps, loss: 1 / this.step });
      this.step++;
      this.index = 0;
    } else if (delta === -1 && this.step > 1) {
      this.step--;
      this.index = this.events.length - 1;
    } else return false;
    return true;
  }

  private runTo(delta: 1 | -1): StopInfo {
    while (this.move(delta)) {
      const hit = this.hitBreakpoints();
      if (hit.length) return this.stopAt('breakpoint', `Paused on a breakpoint at ${this.current.node}`, hit);
      if (delta === 1 && this.producesNaN()) {
        return { ...this.stopAt('exception', `Paused on NaN produced by ${this.current.node}`), exception: { filter: 'nan_inf', message: `NaN produced by ${this.current.node} (1 of 4 values)` } };
      }
    }
    return delta === 1 ? this.stopAt('end', `Training finished after ${this.totalSteps} steps`) : this.stopAt('entry', 'Back at the start');
  }

  private producesNaN(): boolean {
    const e = this.current;
    return this.filters.some((f) => f.filter === 'nan_inf') && e.phase === 'forward' && this.step >= 2 && (e.layer ?? '').includes('nan');
  }

  private setBreakpoints(specs: readonly BreakpointSpec[]): BreakpointResult[] {
    this.bps = specs.map((s) => ({ ...s, id: this.nextBpId++, hits: 0 }));
    return this.bps.map((b) => {
      const event = this.events.find((e) => e.range && e.range.line === b.line);
      return event ? { id: b.id, verified: true, line: b.line, message: `binds to layer ${event.layer}` } : { id: b.id, verified: false, line: b.line, message: 'no layer on this line' };
    });
  }

  private hitBreakpoints(): number[] {
    const e = this.current;
    if (e.phase !== 'forward' || !e.range) return [];
    const hit: number[] = [];
    for (const b of this.bps.filter((bp) => bp.line === e.range!.line)) {
      if (b.condition && !this.condition(b.condition)) continue;
      b.hits++;
      if (b.hitCondition && b.hits !== Number(b.hitCondition)) continue;
      hit.push(b.id);
    }
    return hit;
  }

  /** `step >= 2`, `true`, `false`: enough to see that conditions reach the session. */
  private condition(text: string): boolean {
    const m = /^step\s*>=\s*(\d+)$/.exec(text.trim());
    if (m) return this.step >= Number(m[1]);
    return text.trim() === 'true';
  }

  private frames(): FrameInfo[] {
    const e = this.current;
    const frames: FrameInfo[] = [
      { id: 1, kind: 'step', name: `step ${this.step}`, range: null },
      { id: 2, kind: 'phase', name: e.phase, range: null },
    ];
    if (e.layer) frames.push({ id: 3, kind: 'layer', name: e.layer, range: e.range });
    frames.push({ id: 4, kind: 'op', name: `${e.node} = ${e.op}(…)`, range: e.range });
    return frames;
  }

  private variables(ref: string, start?: number, count?: number): { body: VariableView[] } | { error: { code: string; message: string } } {
    if (ref === 'op') return { body: [view('x', 'x', FAKE_TENSOR_SIZE, `[${FAKE_TENSOR_SIZE}] float64`), view('step', null, undefined, String(this.step))] };
    if (ref === 'training') return { body: [view('lr', null, undefined, '0.1')] };
    if (ref === 'x') {
      const from = start ?? 0;
      const n = Math.min(count ?? FAKE_TENSOR_SIZE, FAKE_TENSOR_SIZE - from);
      return { body: range(from, n).map((i) => ({ name: `[${i}]`, value: String(i / 2), type: 'float64', ref: null, expression: `x[${i}]` })) };
    }
    return { error: { code: 'E_REF', message: `no such reference ${ref}` } };
  }

  private evaluate(expression: string): { body: unknown } | { error: { code: string; message: string } } {
    if (expression === 'step') return { body: { value: String(this.step), type: 'number', ref: null } };
    if (expression === 'x') return { body: { value: `[${FAKE_TENSOR_SIZE}] float64`, type: 'tensor', ref: 'x', childCount: FAKE_TENSOR_SIZE } };
    const m = /^x\[(\d+)\]$/.exec(expression);
    if (m && Number(m[1]) < FAKE_TENSOR_SIZE) return { body: { value: String(Number(m[1]) / 2), type: 'float64', ref: null } };
    return { error: { code: 'E_EVAL', message: `unknown name in "${expression}"` } };
  }

  private stopAt(reason: StopReason, description: string, breakpointIds: number[] = []): StopInfo {
    const e = this.current;
    const location: Location = {
      trainingStep: this.step,
      phase: e.phase,
      layer: e.layer,
      timeStep: null,
      node: e.node,
      op: e.op,
      eventIndex: this.index,
      eventCount: this.events.length,
      range: e.range,
    };
    return { reason, description, location, breakpointIds };
  }
}

function view(name: string, ref: string | null, childCount?: number, value = ''): VariableView {
  return { name, value, type: ref ? 'tensor' : 'number', ref, ...(childCount !== undefined ? { childCount } : {}), expression: name };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => start + i);
}
