import { BackstepError } from '../errors';
import { checkModel } from '../model/check';
import { START_OF_FILE, type Diagnostic, type ModelErrorCode } from '../model/diagnostics';
import { fileBytes, type DataFiles } from '../model/files';
import type { CheckedModel } from '../model/validate';
import type { FrameInfo } from '../protocol/location';
import type { RunSeries } from '../protocol/views';
import type { BreakpointSpec, DataBreakpointSpec, ExceptionFilterSetting, FunctionBreakpointSpec, JumpPoint, LaunchOverrides, SessionCommand, SessionError, SessionEvent, SessionRequest, SessionResponse, SessionResponseBody, StopInfo } from '../protocol/session';
import type { Precision } from '../protocol/values';
import type { Trainer } from '../train/contract';
import { createTrainer } from '../train/trainer';
import { applyInitWeights } from '../weights/initWeights';
import { savedWeights } from './saveWeights';
import { Breakpoints } from './breakpoints';
import type { CheckpointOptions } from './checkpoints';
import { completions } from './completions';
import { commandOf, type CommandEntry, type StopCommand } from './commands';
import type { Cursor } from './cursor';
import { makeEdit, setVariable } from './editing';
import { editsClearedText } from './edits';
import { ExpressionError } from './expression';
import { framesOf } from './frames';
import { goingTo, gotoTargets, pointProblem } from './goto';
import type { HistoryOptions } from './history';
import type { StepOutline } from './outline';
import { restartCursor } from './restartFrame';
import { forwardRun, reverseRun } from './runs';
import { startupOf } from './startup';
import { SessionState } from './state';
import { stepBackTarget, stepInTarget, type StepRule, type Target } from './stepping';
import { choicesText, stepInChoices } from './stepInTargets';
import { rowDataInfo } from './dataBreakpoints';
import { evaluate, scopes, tensorSlice, variables } from './variables';
import { graphView } from './views/graph';
import { inspectorView } from './views/inspector';
import { runSeries } from './views/runSeries';
import { tensorPlot } from './views/tensorPlot';
import type { JobYield, LandscapePool } from './surface/pool';
import { landscapeOf, raceOf } from './surface/requests';
import { SURFACE_GRID } from './surface/grid';

export interface SessionOptions {
  /** Builds the trainer for a checked model (default: the model trainer of engine/train). */
  readonly createTrainer?: (model: CheckedModel) => Trainer;
  readonly checkpoints?: CheckpointOptions;
  readonly history?: HistoryOptions;
  /**
   * The launch configuration's overrides of the file: `steps` replaces `training.steps` (the
   * schedule's length follows), `stopOnEntry` replaces `debug.stop_on_entry`, `exceptionFilters`
   * the filters of `debug.break_on` (until `setExceptionBreakpoints`). They hold across restarts.
   */
  readonly launch?: LaunchOverrides;
  /** The run before this one, when a debug adapter restarts with a new session (a `restart` keeps its own). */
  readonly previousRun?: RunSeries;
  /** The bytes of the files the model file names (data files, `init: { from }`), read by the host (model/files.ts); a `restart` keeps them. */
  readonly files?: DataFiles;
  /**
   * Where the steps come from when not from a model file: builds the trainer (a recording,
   * engine/trace/replay.ts; called again on `restart`), and the text is not read as a model file.
   */
  readonly source?: () => Trainer;
  /** Threads for the loss landscape's grid (the host's; absent: it is computed in this thread). */
  readonly landscapePool?: LandscapePool;
}

export type SessionListener = (event: SessionEvent) => void;

/**
 * The stepping session: a state machine over one training run of one model file. One method per
 * protocol request (engine/protocol/session.ts), each returning a SessionResponse and never
 * throwing; every stop is also announced by exactly one `stopped` event. The stepping rules are in
 * ./stepping.ts; breakpoints in ./breakpoints.ts; exception filters in ./exceptions.ts; how going
 * back in time works in ./timeline.ts.
 *
 * How a debug adapter drives it (in-process, or through ./worker.ts so a long run never blocks):
 * - `Session.create(text, fileName)`; if `diagnostics` is not empty, show them (they are the same
 *   list `check` prints) and end the launch; else subscribe with `onEvent`.
 * - DAP `initialize`: offer `exceptionFilterOffers` of ./startup.ts (the filters this session will
 *   start with, from the launch overrides, else the file's `debug.break_on`).
 * - `setBreakpoints` (log messages make logpoints) / `setFunctionBreakpoints` / `setDataBreakpoints`
 *   (ids from `dataBreakpointInfo`) / `setExceptionBreakpoints` as DAP sends them (the filters then replace the
 *   start-up ones); then `configurationDone` → `start()`: it stops on entry, or continues, as
 *   ./startup.ts decides. A launch configuration's overrides go in `options.launch`.
 * - next / stepIn / stepOut / stepBack / continue / reverseContinue / pause → the methods of the
 *   same names; `goto(step)` for "go to a training step"; restart → `restart(newText)`.
 * - On every `stopped` event: send DAP `stopped` (reason, description, hit breakpoint ids; for
 *   `exception` the filter and message), then answer `stackTrace` (frames innermost first, each
 *   with the layer's lines), `scopes`, `variables` (string refs: map them to DAP numbers) and
 *   `evaluate` from the session; refresh the webviews with `inspector()` and `graph()`.
 * - gotoTargets / goto (./goto.ts), stepInTargets / stepIn with a target (./stepInTargets.ts),
 *   restartFrame with a frame id of the last stackTrace (./restartFrame.ts).
 * - `continued`, `progress` (long runs), `output` (logpoints' lines, a breakpoint condition that failed) and
 *   `diagnostics` (after a restart) map to the DAP events of the same meaning.
 * Use: every request goes through the command table of ./commands.ts (`handle`); the commands that
 * may run for long (continue, reverseContinue, goto, and steps that run far) also exist as
 * generators (`running(request)`) so that a worker can interleave a Pause.
 */
export class Session {
  private state: SessionState | null = null;
  /** The loss landscapes being computed, each with its cancel flag. */
  private readonly landscapes = new Set<{ cancelled: boolean; wake: () => void }>();
  private diagnostics_: readonly Diagnostic[] = [];
  private readonly listeners = new Set<SessionListener>();
  private text: string;
  private pendingBreakpoints: readonly BreakpointSpec[] = [];
  private pendingFilters: readonly ExceptionFilterSetting[] | null = null;
  private pendingFunctions: readonly FunctionBreakpointSpec[] = [];
  private pendingData: readonly DataBreakpointSpec[] = [];
  private lastProgress = 0;
  private dataDescribed: SessionState | null = null;
  /** Which run of the debug session this is, and the curves of the one before (kept until the next Restart). */
  private run: number;
  private previousRun: RunSeries | null;
  /** Edits in force as last announced by an `edits` event. */
  private editCount = 0;

  private constructor(
    text: string,
    readonly fileName: string,
    private readonly options: SessionOptions,
  ) {
    this.text = text;
    this.previousRun = options.previousRun ?? null;
    this.run = (this.previousRun?.run ?? 0) + 1;
    this.load(text);
  }

  /** Never throws: a file with errors gives a session that reports them (`diagnostics`, and errors to requests). */
  static create(text: string, fileName: string, options: SessionOptions = {}): Session {
    return new Session(text, fileName, options);
  }

  /** The located problems of the file (empty when it runs): the same list `check` prints. */
  get diagnostics(): readonly Diagnostic[] {
    return this.diagnostics_;
  }

  get ready(): boolean {
    return this.state !== null;
  }

  get model(): CheckedModel | null {
    return this.state?.model ?? null;
  }

  /** The internal state, for tests and benchmarks. */
  get internals(): SessionState | null {
    return this.state;
  }

  onEvent(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Goes to the first event of training: stops there (entry) or continues, as the file says. */
  start(): SessionResponse<'continue'> {
    return drive(this.starting());
  }

  *starting(): Generator<void, SessionResponse<'continue'>> {
    const s = this.state;
    if (!s) {
      this.emit({ event: 'diagnostics', diagnostics: this.diagnostics_ });
      return this.failure('continue', new BackstepError('E_ARGUMENT', this.invalidMessage()));
    }
    this.describeData(s);
    if (!s.moveTo({ step: 1, event: 0 }, 'layer')) return this.announce('continue', s.stopForFault()) as SessionResponse<'continue'>;
    if (startupOf(s.model.spec.debug, this.options.launch).stopOnEntry) return this.announce('continue', s.stop('entry', `Paused on entry: ${s.stepText(1)}, forward pass`)) as SessionResponse<'continue'>;
    return yield* this.continuing();
  }

  /** What was read from data files (rows, columns, the class mapping), once per load, in the Debug Console. */
  private describeData(s: SessionState): void {
    const notes = s.model.data.notes;
    if (!notes?.length || this.dataDescribed === s) return;
    this.dataDescribed = s;
    this.emit({ event: 'output', category: 'console', text: `Data read from files:\n${notes.map((n) => `  ${n}`).join('\n')}\n` });
  }

  /** Any request, dispatched through the command table (./commands.ts). */
  handle(request: SessionRequest): SessionResponse {
    const entry = this.admit(request);
    if ('ok' in entry) return entry;
    return 'run' in entry ? drive(entry.run(this, request)) : 'job' in entry ? drive(entry.job(this, request)) : entry.answer(this, request);
  }

  /** The generator form of a request: long runs yield between slices; everything else finishes at once. */
  *running(request: SessionRequest): Generator<JobYield, SessionResponse> {
    const entry = this.admit(request);
    if ('ok' in entry) return entry;
    return 'run' in entry ? yield* entry.run(this, request) : 'job' in entry ? yield* entry.job(this, request) : entry.answer(this, request);
  }

  /** The table's row for a request, or the answer refusing it: no such command, or no model that it needs. */
  private admit(request: SessionRequest): CommandEntry | SessionResponse {
    const entry = commandOf(request.command);
    if (!entry) return { ok: false, command: request.command, error: { code: 'E_ARGUMENT', message: `invalid request: there is no command "${String(request.command)}"` } };
    if (entry.needsModel && !this.state) return this.failure(request.command, new BackstepError('E_ARGUMENT', this.invalidMessage()));
    return entry;
  }

  stepOver(): SessionResponse<'stepOver'> {
    return this.handle({ command: 'stepOver' }) as SessionResponse<'stepOver'>;
  }
  stepIn(): SessionResponse<'stepIn'> {
    return this.handle({ command: 'stepIn' }) as SessionResponse<'stepIn'>;
  }
  stepOut(): SessionResponse<'stepOut'> {
    return this.handle({ command: 'stepOut' }) as SessionResponse<'stepOut'>;
  }

  stepBack(): SessionResponse<'stepBack'> {
    return this.move('stepBack', (s) => this.back(s));
  }

  continue(): SessionResponse<'continue'> {
    return drive(this.continuing());
  }

  reverseContinue(): SessionResponse<'reverseContinue'> {
    return drive(this.reversing()) as SessionResponse<'reverseContinue'>;
  }

  /** Outside a run (a run is paused by the worker between slices): a stop where the cursor is. */
  pause(): SessionResponse<'pause'> {
    return this.move('pause', (s) => s.stop('pause', 'Paused'));
  }

  /** Reads the model file again (the new text, or the same) and starts over; breakpoints carry over. */
  restart(text: string = this.text): SessionResponse<'restart'> {
    try {
      const edits = this.state?.timeline.edits.length ?? 0;
      this.text = text;
      if (this.state) {
        this.previousRun = runSeries(this.state, this.run);
        this.run++;
      }
      this.load(text);
      if (edits) this.emit({ event: 'output', category: 'console', text: `${editsClearedText(edits)}\n` });
      this.noteEdits();
      this.emit({ event: 'diagnostics', diagnostics: this.diagnostics_ });
      const started = this.start();
      return started.ok ? { ok: true, command: 'restart', body: started.body } : { ok: false, command: 'restart', error: started.error };
    } catch (e) {
      return this.failure('restart', e);
    }
  }

  goto(trainingStep: number, place: Omit<JumpPoint, 'trainingStep'> = {}): SessionResponse<'goto'> {
    return drive(this.going({ trainingStep, ...place })) as SessionResponse<'goto'>;
  }

  gotoTargets(line: number): SessionResponse<'gotoTargets'> {
    return this.answer('gotoTargets', () => {
      const s = this.need();
      return gotoTargets(s.model.spec, this.outlineAtCursor(s), s.cursor, s.totalSteps, line);
    });
  }

  stepInTargets(): SessionResponse<'stepInTargets'> {
    return this.answer('stepInTargets', () => {
      const s = this.need();
      const o = s.fault ? null : this.outlineAtCursor(s);
      return o ? stepInChoices(o, s.cursor.event, s.cursor.level).map(({ id, label }) => ({ id, label })) : [];
    });
  }

  /** Step In, into the target of `stepInTargets` whose id is given (else the next level down). */
  steppingIn(targetId: number | undefined): Generator<void, SessionResponse> {
    if (targetId === undefined) return this.stepping('stepIn', stepInTarget);
    return this.stepping('stepIn', (o, i, level) => {
      const choices = stepInChoices(o, i, level);
      const chosen = choices.find((c) => c.id === targetId);
      if (!chosen) throw new BackstepError('E_ARGUMENT', `there is no step-in target ${targetId}: ${choicesText(choices)}`);
      return { kind: 'event', event: chosen.id, level: chosen.level };
    });
  }

  /** Back to the start of a frame of the Call Stack; Step Back then retraces the steps made before that start. */
  restartFrame(frameId: number): SessionResponse<'restartFrame'> {
    return this.move('restartFrame', (s) => {
      const frames = this.frames(s);
      const frame = frames.find((f) => f.id === frameId);
      if (!frame) throw new BackstepError('E_ARGUMENT', `there is no frame ${frameId}: the Call Stack has frames 1 to ${frames.length}`);
      const to = restartCursor(s.cursor, this.outlineAtCursor(s), frame);
      if (!to) throw new BackstepError('E_ARGUMENT', `frame ${frameId} (${frame.name}) is an op and cannot be restarted: restart the module, time step or layer around it`);
      if (!s.moveTo(to, to.level)) return s.stopForFault();
      s.trail.rewindTo(s.cursor);
      return s.stop('restart', `Restarted ${frame.name} from its start`);
    });
  }

  setBreakpoints(specs: readonly BreakpointSpec[]): SessionResponse<'setBreakpoints'> {
    return this.answer('setBreakpoints', () => {
      this.pendingBreakpoints = specs;
      const spec = this.state?.model.spec ?? null;
      return (this.state?.breakpoints ?? new Breakpoints()).set(specs, spec);
    });
  }

  setExceptionBreakpoints(filters: readonly ExceptionFilterSetting[]): SessionResponse<'setExceptionBreakpoints'> {
    return this.answer('setExceptionBreakpoints', () => {
      this.pendingFilters = filters;
      return this.need().exceptions.set(filters);
    });
  }

  /** Function breakpoints, read against the names of the step at the cursor; kept for a restart. */
  setFunctionBreakpoints(specs: readonly FunctionBreakpointSpec[]): SessionResponse<'setFunctionBreakpoints'> {
    return this.answer('setFunctionBreakpoints', () => {
      this.pendingFunctions = specs;
      const s = this.state;
      if (!s) return specs.map((_, k) => ({ id: -1 - k, verified: false, line: 0, message: this.invalidMessage() }));
      return s.breakpoints.setFunctions(specs, s.stepCatalogue().functions);
    });
  }

  setDataBreakpoints(specs: readonly DataBreakpointSpec[]): SessionResponse<'setDataBreakpoints'> {
    return this.answer('setDataBreakpoints', () => {
      this.pendingData = specs;
      const s = this.state;
      if (!s) return specs.map((_, k) => ({ id: -1 - k, verified: false, line: 0, message: this.invalidMessage() }));
      return s.data.set(specs, s.stepCatalogue().data);
    });
  }

  /** Whether the Variables row `name` of `ref` (or the expression `name`, without a ref) can have a data breakpoint. */
  dataBreakpointInfo(ref: string | null, name: string): SessionResponse<'dataBreakpointInfo'> {
    return this.answer('dataBreakpointInfo', () => rowDataInfo(this.need(), ref, name));
  }

  stackTrace(): SessionResponse<'stackTrace'> {
    return this.answer('stackTrace', () => this.frames(this.need()));
  }

  private frames(s: SessionState): FrameInfo[] {
    const kinds = new Map(s.trainer.layers.map((l) => [l.name, l.kind]));
    const sources = s.trainer.moduleSource?.bind(s.trainer);
    return framesOf(s.cursor, this.outlineAtCursor(s), s.model.spec, kinds, s.stepNumber(s.cursor.step), sources);
  }

  private outlineAtCursor(s: SessionState): StepOutline | null {
    return s.timeline.current === s.cursor.step ? s.timeline.outline : null;
  }

  scopes(): SessionResponse<'scopes'> {
    return this.answer('scopes', () => scopes(this.need()));
  }

  variables(ref: string, start?: number, count?: number): SessionResponse<'variables'> {
    return this.answer('variables', () => variables(this.need(), ref, start, count));
  }

  evaluate(expression: string, precision?: Precision): SessionResponse<'evaluate'> {
    return this.answer('evaluate', () => evaluate(this.need(), expression, precision));
  }

  completions(text: string, column: number): SessionResponse<'completions'> {
    return this.answer('completions', () => completions(this.need(), text, column));
  }

  /** Set Value (./edits.ts): the new value, or an error naming the problem; the session stays as it was then. */
  setExpression(expression: string, value: string): SessionResponse<'setExpression'> {
    return this.editAnswer('setExpression', (s) => makeEdit(s, expression, value));
  }

  setVariable(ref: string, name: string, value: string): SessionResponse<'setVariable'> {
    return this.editAnswer('setVariable', (s) => setVariable(s, ref, name, value));
  }

  private editAnswer<C extends 'setExpression' | 'setVariable'>(command: C, f: (s: SessionState) => SessionResponseBody[C]): SessionResponse<C> {
    const answer = this.answer(command, () => f(this.need()));
    this.flushOutput();
    return answer;
  }

  /**
   * Output lines the state collected (logpoints' lines, a failed condition, an edit made or undone)
   * to the Debug Console — during a long run at each progress report, else at its end — and the
   * count of edits when it changed.
   */
  private flushOutput(endOfRun = true): void {
    const lines = this.state?.takeOutput(endOfRun) ?? [];
    if (lines.length) this.emit({ event: 'output', category: 'console', text: `${lines.join('\n')}\n` });
    this.noteEdits();
  }

  private noteEdits(): void {
    const count = this.state?.timeline.edits.length ?? 0;
    if (count === this.editCount) return;
    this.editCount = count;
    this.emit({ event: 'edits', count });
  }

  tensorSlice(name: string, start: number, count: number): SessionResponse<'tensorSlice'> {
    return this.answer('tensorSlice', () => tensorSlice(this.need(), name, start, count));
  }

  /** An expression drawn in the Inspector ("View in Backstep"): what it reads at the cursor, bounded. */
  tensorPlot(expression: string): SessionResponse<'tensorPlot'> {
    return this.answer('tensorPlot', () => tensorPlot(this.need(), expression));
  }

  inspector(): SessionResponse<'inspector'> {
    return this.answer('inspector', () => inspectorView(this.need(), this.fileName, this.previousRun));
  }

  graph(): SessionResponse<'graph'> {
    return this.answer('graph', () => graphView(this.need()));
  }

  history(): SessionResponse<'history'> {
    return this.answer('history', () => {
      const s = this.need();
      return { steps: s.history.records(), run: runSeries(s, this.run), previousRun: this.previousRun };
    });
  }

  /** "Save Weights…": the parameters where the cursor stands (mid-update: some already updated). */
  saveWeights(optimizer: boolean): SessionResponse<'saveWeights'> {
    return this.answer('saveWeights', () => savedWeights(this.need(), optimizer));
  }

  race(): SessionResponse<'race'> {
    return this.answer('race', () => raceOf(this.need()));
  }

  /** The loss landscape of the path's plane, one loss per slice; `cancelLandscape` ends it. */
  *landscape(size = SURFACE_GRID): Generator<JobYield, SessionResponse<'landscape'>> {
    const token = { cancelled: false, wake: (): void => undefined };
    this.landscapes.add(token);
    try {
      const control = {
        cancelled: () => token.cancelled,
        progress: (done: number, total: number) => this.emit({ event: 'landscapeProgress', done, total }),
        ...(this.options.landscapePool ? { pool: this.options.landscapePool } : {}),
        onCancel: (wake: () => void) => (token.wake = wake),
      };
      return { ok: true, command: 'landscape', body: yield* landscapeOf(this.need(), size, control) };
    } catch (e) {
      return this.failure('landscape', e);
    } finally {
      this.landscapes.delete(token);
    }
  }

  cancelLandscape(): SessionResponse<'cancelLandscape'> {
    for (const t of this.landscapes) {
      t.cancelled = true;
      t.wake();
    }
    return { ok: true, command: 'cancelLandscape', body: { cancelled: this.landscapes.size } };
  }

  /** Step Over / In / Out: run to the target `rule` gives, stopping at what fires on the way. */
  stepping(command: StopCommand, rule: StepRule): Generator<void, SessionResponse> {
    return this.guardedRun(command, (s) => this.forwardStep(s, rule));
  }

  /** One forward step, noted in the trail that Step Back retraces. */
  private *forwardStep(s: SessionState, rule: StepRule): Generator<void, StopInfo> {
    const from = s.cursor;
    const target = s.fault ? null : this.targetOf(s, rule(s.timeline.outline!, s.cursor.event, s.cursor.level));
    const same = target && target.step === s.cursor.step && target.event === s.cursor.event;
    const stop = yield* same ? descend(s, target) : forwardRun(s, { target, checks: true, reason: 'step', description: '' });
    s.trail.push(from, s.cursor);
    return stop;
  }

  /** Step Back: to where the last forward step began, else the target of the positional rule; reached by replay (never stops on the way). */
  private back(s: SessionState): StopInfo {
    const retraced = s.trail.back(s.cursor);
    if (retraced) return this.backTo(s, retraced);
    if (s.fault && s.fault.event < 0) return this.backTo(s, { step: s.fault.step - 1, event: Infinity, level: s.cursor.level });
    const outline = s.timeline.outline!;
    const t = stepBackTarget(outline, s.cursor.event, s.cursor.level);
    if (t.kind === 'event') return this.backTo(s, { step: s.cursor.step, event: t.event, level: t.level });
    return this.backTo(s, { step: s.cursor.step - 1, event: Infinity, level: t.level });
  }

  /** `event: Infinity` is the last group at the cursor's level of that step. */
  private backTo(s: SessionState, c: Cursor): StopInfo {
    if (c.step < 1) {
      s.moveTo({ step: 1, event: 0 }, c.level);
      return s.stop('entry', 'At the start of training: there is nothing before step 1');
    }
    let event = c.event;
    if (event === Infinity) {
      if (!s.moveTo({ step: c.step, event: 0 }, c.level)) return s.stopForFault();
      const o = s.timeline.outline!;
      event = o.span(o.length - 1, c.level).start;
    }
    if (!s.moveTo({ step: c.step, event }, c.level)) return s.stopForFault();
    return s.stop('step', '');
  }

  private targetOf(s: SessionState, t: Target): Cursor | null {
    if (t.kind === 'event') return { step: s.cursor.step, event: t.event, level: t.level };
    if (t.kind === 'nextStep') return s.cursor.step < s.totalSteps ? { step: s.cursor.step + 1, event: 0, level: t.level } : null;
    return null;
  }

  continuing(): Generator<void, SessionResponse<'continue'>> {
    return this.guardedRun('continue', (s) => {
      s.trail.clear();
      this.emit({ event: 'continued' });
      return forwardRun(s, { target: null, checks: true, reason: 'step', description: '', onStep: (step) => this.progress(s, step, true) });
    }) as Generator<void, SessionResponse<'continue'>>;
  }

  reversing(): Generator<void, SessionResponse> {
    return this.guardedRun('reverseContinue', (s) => {
      s.trail.clear();
      return reverseRun(s);
    });
  }

  going(point: JumpPoint): Generator<void, SessionResponse> {
    return this.guardedRun('goto', (s) => {
      const problem = pointProblem(s, point);
      if (problem) throw new BackstepError('E_INDEX', problem);
      s.trail.clear();
      return goingTo(s, point, (step) => this.progress(s, step));
    });
  }

  /** A run whose generator comes from `make`; errors become a failed response, the stop an event. */
  private *guardedRun(command: StopCommand, make: (s: SessionState) => Generator<void, StopInfo>): Generator<void, SessionResponse> {
    let state: SessionState | null = null;
    try {
      state = this.need();
      state.recordValues(false);
      const stop = yield* make(state);
      this.finishRun(state);
      return this.announce(command, stop);
    } catch (e) {
      if (state) this.finishRun(state);
      return this.failure(command, e);
    } finally {
      state?.recordValues(true);
    }
  }

  /**
   * Ends a run that a Pause interrupted between two slices (the generator from `running` is not
   * pulled any more): the session stops where the run had got to, and the stop is announced.
   */
  interrupt(run: Generator<unknown, SessionResponse>): SessionResponse<'pause'> {
    run.return({ ok: false, command: 'pause', error: { code: 'E_PAUSED', message: 'paused' } });
    if (this.state) this.finishRun(this.state);
    return this.pause();
  }

  /** After a run: copies of update values back on (the stop's update event undone and executed again to record them). */
  private finishRun(s: SessionState): void {
    s.recordValues(true);
    const r = s.timeline.results[s.cursor.event];
    if (!s.fault && r?.kind === 'param' && r.update.values === null) s.moveTo(s.cursor, s.cursor.level);
    this.flushOutput(true);
  }

  private move(command: StopCommand, f: (s: SessionState) => StopInfo): SessionResponse<never> {
    try {
      return this.announce(command, f(this.need())) as SessionResponse<never>;
    } catch (e) {
      return this.failure(command, e) as SessionResponse<never>;
    }
  }

  private announce(command: StopCommand, stop: StopInfo): SessionResponse {
    this.flushOutput();
    this.emit({ event: 'stopped', stop });
    return { ok: true, command, body: stop } as SessionResponse;
  }

  private answer<C extends SessionCommand>(command: C, f: () => SessionResponseBody[C]): SessionResponse<C> {
    try {
      return { ok: true, command, body: f() };
    } catch (e) {
      return this.failure(command, e);
    }
  }

  private failure<C extends SessionCommand>(command: C, e: unknown): SessionResponse<C> {
    return { ok: false, command, error: toSessionError(e) };
  }

  private progress(s: SessionState, step: number, flush = false): void {
    const now = Date.now();
    if (now - this.lastProgress < 200) return;
    if (flush) this.flushOutput(false);
    this.lastProgress = now;
    const done = step - 1;
    this.emit({ event: 'progress', trainingStep: step, totalSteps: s.totalSteps, loss: done >= 1 && s.history.recorded >= done ? s.history.lossAt(done) : null });
  }

  private need(): SessionState {
    if (!this.state) throw new BackstepError('E_ARGUMENT', this.invalidMessage());
    if (!this.state.lastStop && !this.state.timeline.run && !this.state.fault) this.state.moveTo({ step: 1, event: 0 }, 'layer');
    return this.state;
  }

  private invalidMessage(): string {
    const n = this.diagnostics_.length;
    const first = this.diagnostics_[0];
    return n ? `${this.fileName} has ${n} error${n > 1 ? 's' : ''}; the first: line ${first.line}: ${first.message}` : `${this.fileName} cannot run`;
  }

  private load(text: string): void {
    this.state = null;
    if (this.options.source) return this.loadSource(this.options.source);
    const checked = checkModel(text, { files: this.options.files });
    this.diagnostics_ = checked.diagnostics;
    if (!checked.model) return;
    try {
      const model = withSteps(checked.model, this.options.launch?.steps);
      const trainer = (this.options.createTrainer ?? createTrainer)(model);
      // Before the session's state exists: its first checkpoint holds the loaded weights.
      const init = model.spec.init;
      const problems = init ? applyInitWeights(trainer.layers, init, fileBytes(this.options.files, init.from)) : [];
      if (problems.length) {
        this.diagnostics_ = problems;
        return;
      }
      this.install(model, trainer);
    } catch (e) {
      this.diagnostics_ = [buildDiagnostic(e)];
    }
  }

  /** Steps from another source than a model file (a recording): its trainer describes its own model. */
  private loadSource(source: () => Trainer): void {
    this.diagnostics_ = [];
    try {
      const trainer = source();
      this.install(trainer.model, trainer);
    } catch (e) {
      this.diagnostics_ = [buildDiagnostic(e)];
    }
  }

  private install(model: CheckedModel, trainer: Trainer): void {
    this.state = new SessionState(model, trainer, this.options);
    this.state.breakpoints.set(this.pendingBreakpoints, model.spec);
    if (this.pendingFunctions.length) this.state.breakpoints.setFunctions(this.pendingFunctions, this.state.stepCatalogue().functions);
    if (this.pendingData.length) this.state.data.set(this.pendingData, this.state.stepCatalogue().data);
    this.state.exceptions.set(this.pendingFilters ?? startupOf(model.spec.debug, this.options.launch).filters);
  }

  private emit(event: SessionEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        /* a listener's error is its own; the session goes on */
      }
    }
  }
}

/** Step In without moving: the same event, one level down. */
function* descend(s: SessionState, target: Cursor): Generator<void, StopInfo> {
  s.cursor = target;
  return s.stop('step', '');
}

/** The model with `training.steps` replaced (a launch configuration's `steps`). */
function withSteps(model: CheckedModel, steps: number | undefined): CheckedModel {
  if (steps === undefined) return model;
  if (!Number.isInteger(steps) || steps < 1) throw new BackstepError('E_ARGUMENT', `the launch configuration's steps must be a whole number ≥ 1, got ${steps}`);
  return { ...model, spec: { ...model.spec, training: { ...model.spec.training, steps } } };
}

/** Runs a generator to its end (a synchronous caller does not need slices). */
export function drive<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

function toSessionError(e: unknown): SessionError {
  if (e instanceof BackstepError) {
    const { layer, node } = e.where;
    return { code: e.code, message: e.describe(), ...(layer ? { layer } : {}), ...(node ? { node } : {}) };
  }
  if (e instanceof ExpressionError) return { code: 'E_EXPRESSION', message: e.describe() };
  return { code: 'E_INTERNAL', message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
}

/** An error raised while building the model, as a diagnostic at its line. */
function buildDiagnostic(e: unknown): Diagnostic {
  const err = e instanceof BackstepError ? e : new BackstepError('E_ARGUMENT', e instanceof Error ? e.message : String(e));
  const line = err.where.line ?? START_OF_FILE.line;
  const column = err.where.column ?? 1;
  const code: ModelErrorCode = err.code === 'E_SHAPE' || err.code === 'E_BUDGET' ? err.code : 'E_CONFLICT';
  const d: Diagnostic = { code, message: err.describe(), line, column, endLine: line, endColumn: column + 1 };
  return err.where.layer ? { ...d, layer: err.where.layer } : d;
}
