import { ContinuedEvent, DebugSession, Event, InitializedEvent, InvalidatedEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent, Response, StoppedEvent, TerminatedEvent, type ErrorDestination } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RunSeries } from '../engine/protocol/views';
import type { BreakpointResult, BreakpointSpec, DataBreakpointSpec, ExceptionFilterOffer, FunctionBreakpointSpec, ExceptionFilterSetting, JumpPoint, SessionClient, SessionEvent, SessionRequest, SessionResponseBody, StopInfo } from '../engine/protocol';
import { movesCursor, type CommandsOfKind, type RequestOf, type StopCommand } from '../engine/session/commands';
import { editsClearedText } from '../engine/session/edits';
import { exceptionFilterOffers } from '../engine/session/startup';
import { isRecording } from '../engine/trace/replayOpen';
import { baseName, completionItem, evaluateBody, samePath, setValueBody, type SetValueBody, sameStop, scope, stackFrames, stoppedBody, THREAD_ID, variable } from './dap/convert';
import { CustomEvent, isCustomRequest, readCustomRequest, type StoppedBody } from './dap/custom';
import { Errors, FrameProblems, internalError, UserError } from './dap/errors';
import { dapFilters, readFilterRequest } from './dap/exceptionFilters';
import { dataFileRefs } from '../engine/model/files';
import { readDataFiles } from './dap/dataFiles';
import type { FileReader } from './dap/fileReader';
import { reframe } from './dap/frames';
import { launchOverrides, readLaunchArgs, type LaunchConfig } from './dap/launchArgs';
import { readMessage } from './dap/message';
import { RefTable } from './dap/refs';
import { checkArguments } from './dap/validateRequest';

/**
 * The Debug Adapter: it only translates between DAP and the engine's `SessionClient`. Models,
 * tensors and stepping live in the engine; this class maps integers to the session's string
 * references, orders the start-up (launch → configuration → first stop), and turns every failure into
 * a DAP error response — never a crashed adapter.
 *
 * Start-up, where the engine decides and the adapter orders DAP's steps: `initialize` offers the
 * exception filters the engine gives for the launch configuration known beforehand (the `hint`;
 * without one, the table's defaults); `launch` reads the file and opens the session with the launch
 * overrides, then sends `initialized`; breakpoints and exception filters arrive and go to the
 * session (the view's filters replace the start-up ones); at `configurationDone` the session starts:
 * it stops on entry or runs to its first stop, and the adapter reports that stop.
 */
export interface AdapterPorts {
  readonly files: FileReader;
  createSession(): SessionClient;
}

/** The moves DAP asks for without arguments (next, stepIn, stepOut, stepBack, continue, reverseContinue). */
type RunCommand = CommandsOfKind<'step' | 'run'>;

/** Breakpoints that belong to no file: the session gets the whole list at once, and a restarted session gets it again. */
type NamedKind = 'function' | 'data';
interface NamedBreakpoints {
  readonly specs: readonly (FunctionBreakpointSpec | DataBreakpointSpec)[];
  readonly ids: readonly number[];
  /** The session that holds them. */
  sentTo: SessionClient | null;
}

/** Returned by a handler that has sent its response itself. */
const SENT = Symbol('sent');

export class BackstepDebugSession extends DebugSession {
  private client: SessionClient | null = null;
  private unsubscribe: (() => void) | null = null;
  private config: LaunchConfig | null = null;
  private launching = false;
  private configured = false;
  private started = false;
  private readonly refs = new RefTable();
  /** Ids of references whose children are paged (asked for with start/count). */
  private readonly paged = new Set<number>();
  /** The last breakpoints VS Code set, per file, with the ids VS Code knows them by: they survive a restart. */
  private readonly breakpoints = new Map<string, { readonly specs: readonly DebugProtocol.SourceBreakpoint[]; readonly ids: readonly number[] }>();
  /** The session's breakpoint ids → ours (a restarted session numbers them anew), per kind: each kind's list is replaced on its own. */
  private readonly breakpointIds = new Map<'line' | NamedKind, Map<number, number>>([
    ['line', new Map()],
    ['function', new Map()],
    ['data', new Map()],
  ]);
  /** The last function and data breakpoints VS Code set. */
  private readonly named = new Map<NamedKind, NamedBreakpoints>();
  private nextBreakpointId = 1;
  /** The session that holds the current breakpoints. */
  private breakpointsSentTo: SessionClient | null = null;
  /** The exception filters offered at `initialize`: what an empty condition means. */
  private offers: readonly ExceptionFilterOffer[] = exceptionFilterOffers(null);
  /** The last exception filters VS Code set: a restarted session gets them, as it gets the breakpoints. */
  private viewFilters: readonly ExceptionFilterSetting[] | null = null;
  /** The session that holds them. */
  private filtersSentTo: SessionClient | null = null;
  private running = 0;
  /** The session a Restart paused to end it: its stop is never reported. */
  private ending: SessionClient | null = null;
  private lastStop: StopInfo | null = null;
  /** The places of the last gotoTargets answer, by the ids VS Code got (ids never repeat: an old one is unknown). */
  private gotoPoints = new Map<number, JumpPoint>();
  private nextGotoId = 1;
  /** Edits of values in force in the session: a restart (a new session) clears them and says so. */
  private edits = 0;
  /** The client said it handles `invalidated` events (VS Code does): they refresh its views after an edit. */
  private invalidatedEvents = false;
  /**
   * VS Code replaces the `length` characters before the cursor and reads a completion's `start` as a
   * 0-based offset into the text for its filter (microsoft/vscode#101623): the 1-based start DAP asks
   * for would filter every item out. For VS Code `start` is left out; the span always ends at the cursor.
   */
  private completesBeforeCursor = false;
  /** Whether the client shows progress events (`initialize`'s supportsProgressReporting). */
  private showsProgress = false;
  /** Data files being read and parsed before a launch: a cancellable progress the client shows. */
  private loading: { readonly id: string; cancelled: boolean; client: SessionClient | null } | null = null;
  private loads = 0;

  /** `hint`: the launch configuration, when the host knows it before `initialize` (VS Code's inline adapter). */
  constructor(
    private readonly ports: AdapterPorts,
    private readonly hint?: unknown,
  ) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ---- the door: frames, messages and arguments are checked before a handler runs -----------------

  /** Over a stream, the library reads only the frames dap/frames.ts could frame; the others are reported. */
  override start(inStream: NodeJS.ReadableStream, outStream: NodeJS.WritableStream): void {
    super.start(reframe(inStream, (problem) => this.reportProtocolProblem(problem)), outStream);
  }

  override handleMessage(message: DebugProtocol.ProtocolMessage): void {
    const read = readMessage(message);
    if (read.kind === 'request') super.handleMessage(read.request);
    else if (read.kind === 'response') super.handleMessage(read.response);
    else if (read.answer) this.sendError(new Response({ ...read.answer, type: 'request' }), Errors.invalidRequest(read.problem));
    else this.reportProtocolProblem(FrameProblems.notMessage(read.problem));
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const mismatch = checkArguments(request.command, request.arguments);
    if (mismatch) this.sendError(new Response(request), Errors.invalidArguments(mismatch));
    else super.dispatchRequest(request);
  }

  /** The library answers a handler that threw with code 1104 and the JavaScript stack as the message. */
  protected override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: ErrorDestination): void {
    if (codeOrMessage === 1104) this.sendError(response, internalError(response.command, variables?._exception));
    else super.sendErrorResponse(response, codeOrMessage, format, variables, dest);
  }

  private reportProtocolProblem(problem: string): void {
    this.sendEvent(new OutputEvent(`${problem}\n`, 'stderr'));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /** Runs a handler; its result is the response body, its failure a DAP error response. */
  private handle(response: DebugProtocol.Response, work: () => unknown): void {
    Promise.resolve()
      .then(work)
      .then(
        (body) => {
          if (body === SENT) return;
          if (body !== undefined) response.body = body;
          this.sendResponse(response);
        },
        (error: unknown) => this.sendError(response, error instanceof UserError ? error : internalError(response.command, error)),
      );
  }

  private sendError(response: DebugProtocol.Response, error: UserError): void {
    this.sendErrorResponse(response, { id: error.code, format: '{_message}', variables: { _message: error.message }, showUser: error.showUser });
  }

  private requireClient(command: string): SessionClient {
    if (!this.client || !this.config) throw Errors.notLaunched(command);
    return this.client;
  }

  /** Asks the session; a refusal becomes a user error with the session's message. */
  private async ask<R extends SessionRequest>(client: SessionClient, request: R, showUser = true): Promise<SessionResponseBody[R['command']]> {
    const answer = await client.request(request);
    if (!answer.ok) throw Errors.session(request.command, answer.error.message, showUser);
    return answer.body as SessionResponseBody[R['command']];
  }

  private checkThread(threadId: number | undefined): void {
    if (threadId !== undefined && threadId !== THREAD_ID) throw Errors.unknownThread(threadId);
  }

  // ---- start-up ---------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.invalidatedEvents = args.supportsInvalidatedEvent === true;
    this.showsProgress = args.supportsProgressReporting === true;
    this.completesBeforeCursor = args.clientID === 'vscode';
    this.handle(response, async () => {
      this.offers = await this.startupOffers();
      return this.capabilities();
    });
  }

  /** The engine's filters for the hinted launch; the table's defaults when there is none or it cannot be read. */
  private async startupOffers(): Promise<ExceptionFilterOffer[]> {
    if (this.hint === undefined) return exceptionFilterOffers(null);
    try {
      const config = readLaunchArgs(this.hint);
      if (isRecording(config.program)) return exceptionFilterOffers(null);
      const text = await this.readProgram(config.program);
      return exceptionFilterOffers({ file: config.program, text, launch: launchOverrides(config) });
    } catch {
      return exceptionFilterOffers(null);
    }
  }

  private capabilities(): DebugProtocol.Capabilities {
    return {
      supportsConfigurationDoneRequest: true,
      supportsCancelRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionFilterOptions: true,
      supportsExceptionInfoRequest: true,
      supportsClipboardContext: true,
      supportsCompletionsRequest: true,
      // A name's parts (`memory.W_f`, `memory/t3/gate_f`) and a function's argument start new completions.
      completionTriggerCharacters: ['.', '/', '('],
      supportsGotoTargetsRequest: true,
      supportsStepInTargetsRequest: true,
      supportsRestartFrame: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsDataBreakpoints: true,
      exceptionBreakpointFilters: dapFilters(this.offers),
    };
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    this.handle(response, async () => {
      if (this.client || this.launching) throw Errors.alreadyLaunched();
      this.launching = true;
      try {
        const config = readLaunchArgs(args);
        this.adopt(await this.openSession(config), config);
      } finally {
        this.launching = false;
      }
      this.sendResponse(response);
      this.sendEvent(new InitializedEvent());
      if (this.configured) await this.begin();
      return SENT;
    });
  }

  /** Reads the file and opens a session on it with the launch overrides; it starts at `begin`. */
  private async openSession(config: LaunchConfig, previousRun?: RunSeries): Promise<SessionClient> {
    const text = await this.readProgram(config.program);
    // A recording (.bstrace) names no data files: its values are in its chunks, read by the session.
    const recording = isRecording(config.program);
    const loading = recording ? null : this.startLoading(text);
    try {
      const files = recording ? undefined : await readDataFiles(this.ports.files, config.program, text, () => loading?.cancelled === true);
      if (loading?.cancelled) throw Errors.loadCancelled(config.program);
      const client = this.ports.createSession();
      if (loading) loading.client = client;
      try {
        const result = await client.launch({ file: config.program, text, files, ...launchOverrides(config), ...(previousRun ? { previousRun } : {}) });
        if (loading?.cancelled) throw Errors.loadCancelled(config.program);
        if (!result.ok) throw Errors.brokenModel(config.program, result.diagnostics, result.message);
        return client;
      } catch (error) {
        client.dispose();
        throw error;
      }
    } finally {
      this.endLoading(loading);
    }
  }

  /** A model that names data files: a progress the client shows while they are read and parsed, with a Cancel button. */
  private startLoading(text: string): NonNullable<BackstepDebugSession['loading']> | null {
    const refs = dataFileRefs(text);
    if (!refs.length || !this.showsProgress) return null;
    this.loading = { id: `backstep-data-${++this.loads}`, cancelled: false, client: null };
    const start: DebugProtocol.ProgressStartEvent = new ProgressStartEvent(this.loading.id, 'Backstep: reading data', refs.map((r) => r.path).join(', '));
    start.body.cancellable = true;
    this.sendEvent(start);
    return this.loading;
  }

  private endLoading(loading: BackstepDebugSession['loading']): void {
    if (!loading) return;
    if (this.loading === loading) this.loading = null;
    this.sendEvent(new ProgressEndEvent(loading.id, loading.cancelled ? 'cancelled' : undefined));
  }

  /** Cancel on the progress of reading data: the session that parses them is closed (its worker stops), the launch ends. */
  protected override cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    const loading = this.loading;
    if (loading && args.progressId === loading.id) {
      loading.cancelled = true;
      loading.client?.dispose();
    }
    this.sendResponse(response);
  }

  /**
   * The curves of the run a Restart ends, for the new session to draw faded. A running session answers
   * no history, so a Continue still running is paused first and its stop is not shown: the new run's
   * first stop follows. `carryOn` shows it after all, when the new run cannot start and this one stays.
   */
  private async runEnding(): Promise<{ run: RunSeries | undefined; carryOn: () => void }> {
    const client = this.client;
    if (!client) return { run: undefined, carryOn: () => undefined };
    let paused: StopInfo | null = null;
    if (this.running > 0) {
      this.ending = client;
      const pause = await client.request({ command: 'pause' });
      if (pause.ok) paused = pause.body as SessionResponseBody['pause'];
    }
    const answer = await client.request({ command: 'history' });
    const carryOn = (): void => {
      if (this.ending !== client) return;
      this.ending = null;
      if (paused && client === this.client) this.reportStop(paused);
    };
    return { run: answer.ok ? (answer.body as SessionResponseBody['history']).run : undefined, carryOn };
  }

  private async readProgram(path: string): Promise<string> {
    const read = await this.ports.files.readText(path);
    if (read.ok) return read.text;
    throw read.missing ? Errors.missingFile(path) : Errors.unreadableFile(path, read.message);
  }

  /** Makes `client` the session this adapter drives, dropping the previous one. */
  private adopt(client: SessionClient, config: LaunchConfig): void {
    this.unsubscribe?.();
    this.client?.dispose();
    this.client = client;
    this.config = config;
    this.ending = null;
    this.started = false;
    this.unsubscribe = client.onEvent((event) => {
      if (client === this.client) this.onSessionEvent(event);
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.handle(response, async () => {
      this.configured = true;
      this.sendResponse(response);
      if (this.client && !this.started) await this.begin();
      return SENT;
    });
  }

  /** After configuration: forward what VS Code set, then start the session and report its first stop. */
  private async begin(): Promise<void> {
    const client = this.client;
    const config = this.config;
    if (!client || !config || this.started) return;
    this.started = true;
    if (config.noDebug) return this.runToEnd(client);
    if (this.breakpointsSentTo !== client) await this.forwardBreakpoints(client);
    for (const [kind, set] of this.named) if (set.sentTo !== client) await this.sendNamed(client, kind, set);
    if (this.viewFilters && this.filtersSentTo !== client) await this.sendFilters(client, this.viewFilters);
    this.running++;
    const first = await client.start().finally(() => this.running--);
    if (client !== this.client) return;
    if (first.ok) return this.reportStop(first.body);
    this.sendEvent(new OutputEvent(`Could not start: ${first.error.message}\n`, 'stderr'));
    this.sendEvent(new TerminatedEvent());
  }

  private async forwardBreakpoints(client: SessionClient): Promise<void> {
    const program = this.config?.program;
    for (const [path, set] of this.breakpoints) {
      if (program && samePath(path, program)) await this.sendBreakpoints(client, set.specs, set.ids);
    }
  }

  /** Gives the session the breakpoints of the model file; the answers keep the ids VS Code knows. */
  private async sendBreakpoints(client: SessionClient, specs: readonly DebugProtocol.SourceBreakpoint[], ids: readonly number[]) {
    const results = await this.ask(client, { command: 'setBreakpoints', breakpoints: specs.map((b) => this.breakpointSpec(b)) });
    this.breakpointsSentTo = client;
    return this.ourIds('line', results, ids);
  }

  /** The session's answers with the ids VS Code knows, remembered to translate hit breakpoint ids. */
  private ourIds(kind: 'line' | NamedKind, results: readonly BreakpointResult[], ids: readonly number[]): BreakpointResult[] {
    const map = this.breakpointIds.get(kind)!;
    map.clear();
    results.forEach((r, i) => map.set(r.id, ids[i] ?? r.id));
    return results.map((r, i) => ({ ...r, id: ids[i] ?? r.id }));
  }

  /** Our id of a breakpoint the session names (line, function and data breakpoints share the session's numbering). */
  private dapIdOf(id: number): number {
    for (const map of this.breakpointIds.values()) {
      const ours = map.get(id);
      if (ours !== undefined) return ours;
    }
    return id;
  }

  // ---- breakpoints ------------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.handle(response, async () => {
      const path = args.source.path;
      if (typeof path !== 'string') throw Errors.badArgument('setBreakpoints', '`source.path` is missing');
      const specs = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      const ids = specs.map(() => this.nextBreakpointId++);
      this.breakpoints.set(path, { specs, ids });
      const source = { name: baseName(path), path };
      const unverified = (message: string) => ({ breakpoints: specs.map((b, i) => ({ id: ids[i], verified: false, line: b.line, source, message })) });
      if (!this.client || !this.config) return unverified('Set once the model is launched.');
      if (this.config.noDebug) return unverified('Breakpoints are not used when running without debugging.');
      if (!samePath(path, this.config.program)) return unverified(`Backstep stops only in the model file being debugged (${baseName(this.config.program)}).`);
      const results = await this.sendBreakpoints(this.client, specs, ids);
      return { breakpoints: results.map((r) => ({ id: r.id, verified: r.verified, line: this.convertDebuggerLineToClient(r.line), source, ...(r.message ? { message: r.message } : {}) })) };
    });
  }

  private breakpointSpec(b: DebugProtocol.SourceBreakpoint): BreakpointSpec {
    return {
      line: this.convertClientLineToDebugger(b.line),
      ...(b.condition?.trim() ? { condition: b.condition } : {}),
      ...(b.hitCondition?.trim() ? { hitCondition: b.hitCondition } : {}),
      ...(b.logMessage ? { logMessage: b.logMessage } : {}),
    };
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.handle(response, () => this.setNamed('function', args.breakpoints.map((b) => ({ name: b.name, ...conditionsOf(b) }))));
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.handle(response, () => this.setNamed('data', args.breakpoints.map((b) => ({ dataId: b.dataId, ...(b.accessType ? { accessType: b.accessType } : {}), ...conditionsOf(b) }))));
  }

  /** Remembers a kind's list (a restart sends it again) and gives it to the session when one is debugging. */
  private async setNamed(kind: NamedKind, specs: readonly (FunctionBreakpointSpec | DataBreakpointSpec)[]): Promise<{ breakpoints: DebugProtocol.Breakpoint[] }> {
    const set: NamedBreakpoints = { specs, ids: specs.map(() => this.nextBreakpointId++), sentTo: null };
    this.named.set(kind, set);
    const unverified = (message: string) => ({ breakpoints: set.ids.map((id) => ({ id, verified: false, message })) });
    if (!this.client || !this.config) return unverified('Set once the model is launched.');
    if (this.config.noDebug) return unverified('Breakpoints are not used when running without debugging.');
    const results = await this.sendNamed(this.client, kind, set);
    return { breakpoints: results.map((r) => ({ id: r.id, verified: r.verified, ...(r.message ? { message: r.message } : {}) })) };
  }

  private async sendNamed(client: SessionClient, kind: NamedKind, set: NamedBreakpoints): Promise<BreakpointResult[]> {
    const results =
      kind === 'function'
        ? await this.ask(client, { command: 'setFunctionBreakpoints', breakpoints: set.specs as readonly FunctionBreakpointSpec[] })
        : await this.ask(client, { command: 'setDataBreakpoints', breakpoints: set.specs as readonly DataBreakpointSpec[] });
    set.sentTo = client;
    return this.ourIds(kind, results, set.ids);
  }

  /** "Break on Value Change" is offered on a row when this gives it a data id. */
  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.handle(response, async () => {
      if (!this.client || !this.config || this.config.noDebug) return { dataId: null, description: 'Data breakpoints are set while a model is being debugged.' };
      const ref = args.variablesReference ? this.refs.refOf(args.variablesReference) : null;
      if (ref === undefined) return { dataId: null, description: 'This row belongs to an earlier stop: open the Variables view again.' };
      // Refused (the session is running): no id, and the session's reason.
      const answer = await this.client.request({ command: 'dataBreakpointInfo', ref, name: args.name });
      if (!answer.ok) return { dataId: null, description: answer.error.message };
      const info = answer.body;
      return { dataId: info.dataId, description: info.description, ...(info.dataId ? { accessTypes: ['write' as const], canPersist: true } : {}) };
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.handle(response, async () => {
      const { settings, results } = readFilterRequest(args, this.offers);
      this.viewFilters = settings;
      if (this.client && this.config && !this.config.noDebug) await this.sendFilters(this.client, settings);
      return { breakpoints: results };
    });
  }

  /** The session's filters become these: what the Breakpoints view shows is what applies. */
  private async sendFilters(client: SessionClient, filters: readonly ExceptionFilterSetting[]): Promise<void> {
    await this.ask(client, { command: 'setExceptionBreakpoints', filters });
    this.filtersSentTo = client;
  }

  // ---- moving -----------------------------------------------------------------------------------

  /**
   * Runs one command on the session and reports where it stopped (after `answered`, when given); stale
   * answers are dropped. References are dropped at the stop (a running session answers no variables),
   * so a refused command (an unknown target or frame) leaves the Variables view expandable, and the
   * views that `continued` dimmed get the stop the session is still at.
   */
  private async run(client: SessionClient, command: RunCommand | RequestOf<StopCommand>, answered?: () => void): Promise<StopInfo> {
    const request = typeof command === 'string' ? { command } : command;
    this.running++;
    this.sendEvent(new Event(CustomEvent.continued, {}));
    try {
      const stop = await this.ask(client, request);
      answered?.();
      if (client === this.client && client !== this.ending) this.reportStop(stop);
      return stop;
    } catch (error) {
      if (client === this.client && client !== this.ending && this.lastStop) this.sendEvent(new Event(CustomEvent.stopped, { stop: this.lastStop, program: this.config?.program ?? '' } satisfies StoppedBody));
      throw error;
    } finally {
      this.running--;
    }
  }

  /**
   * A `continued` event comes first: VS Code keeps every stopped event's details in a queue it empties
   * only at a continue, and the Call Stack's header shows the oldest. A step answered after its stop,
   * a Restart and a Jump never make it empty the queue itself, so the header would keep the first stop's
   * description ("Paused on entry") for the whole session.
   */
  private reportStop(stop: StopInfo): void {
    this.lastStop = stop;
    this.refs.clear();
    this.paged.clear();
    this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    const hits = stop.breakpointIds.map((id) => this.dapIdOf(id));
    const event = new StoppedEvent(stop.reason, THREAD_ID) as DebugProtocol.StoppedEvent;
    event.body = stoppedBody({ ...stop, breakpointIds: hits });
    this.sendEvent(event);
    const body: StoppedBody = { stop, program: this.config?.program ?? '' };
    this.sendEvent(new Event(CustomEvent.stopped, body));
  }

  private step(response: DebugProtocol.Response, threadId: number | undefined, command: RunCommand | RequestOf<'stepIn'>): void {
    this.handle(response, async () => {
      this.checkThread(threadId);
      const client = this.requireClient(typeof command === 'string' ? command : command.command);
      await this.run(client, command);
      return undefined;
    });
  }

  /** Goto and Restart Frame: as DAP asks, the response comes first, then the stop (reason goto or restart). */
  private jump(response: DebugProtocol.Response, threadId: number | undefined, request: RequestOf<'goto' | 'restartFrame'>): void {
    this.handle(response, async () => {
      this.checkThread(threadId);
      const client = this.requireClient(request.command === 'goto' ? 'go to a training step' : 'restart a frame');
      await this.run(client, request, () => this.sendResponse(response));
      return SENT;
    });
  }

  /** Continue may take long: answer at once (VS Code shows Pause), report the stop when it comes. */
  private resume(response: DebugProtocol.Response, threadId: number | undefined, command: CommandsOfKind<'run'>): void {
    this.handle(response, () => {
      this.checkThread(threadId);
      const client = this.requireClient(command);
      response.body = { allThreadsContinued: true };
      this.sendResponse(response);
      this.run(client, command).catch((error: unknown) => this.reportFailedRun(client, command, error));
      return SENT;
    });
  }

  /** The session did not move: say why, and show the stop it is still at. */
  private reportFailedRun(client: SessionClient, command: string, error: unknown): void {
    if (client !== this.client) return;
    const message = error instanceof Error ? error.message : String(error);
    this.sendEvent(new OutputEvent(`Could not ${command}: ${message}\n`, 'stderr'));
    if (this.lastStop) this.reportStop({ ...this.lastStop, description: `Could not ${command}: ${message}` });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, args.threadId, 'stepOver');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, args.threadId, args.targetId === undefined ? 'stepIn' : { command: 'stepIn', targetId: args.targetId });
  }

  /** At the cursor (the top frame): its time steps, heads, sub-layers or ops. */
  protected override stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse): void {
    this.handle(response, async () => {
      const targets = await this.ask(this.requireClient('list step-in targets'), { command: 'stepInTargets' });
      return { targets: targets.map((t) => ({ id: t.id, label: t.label })) };
    });
  }

  /** "Jump to Cursor": the stops the line means, in this step, the next and the previous one, and round steps (engine/session/goto.ts). */
  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    this.handle(response, async () => {
      const client = this.requireClient('list goto targets');
      const path = args.source.path;
      if (typeof path !== 'string' || !samePath(path, this.config!.program)) return { targets: [] };
      const targets = await this.ask(client, { command: 'gotoTargets', line: this.convertClientLineToDebugger(args.line) });
      this.gotoPoints = new Map(targets.map((t) => [this.nextGotoId++, t.to]));
      const ids = [...this.gotoPoints.keys()];
      return { targets: targets.map((t, i) => ({ id: ids[i], label: t.label, line: this.convertDebuggerLineToClient(t.line) })) };
    });
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const point = this.gotoPoints.get(args.targetId);
    if (!point) return this.sendError(response, Errors.unknownGotoTarget(args.targetId));
    this.jump(response, args.threadId, { command: 'goto', ...point });
  }

  protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): void {
    this.jump(response, undefined, { command: 'restartFrame', frameId: args.frameId });
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.step(response, args.threadId, 'stepOut');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.step(response, args.threadId, 'stepBack');
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.resume(response, args.threadId, 'continue');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    this.resume(response, args.threadId, 'reverseContinue');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.handle(response, () => {
      this.checkThread(args.threadId);
      const client = this.requireClient('pause');
      // The running command answers with the stop the pause causes; this answer adds nothing.
      if (this.running > 0) void client.request({ command: 'pause' });
      return undefined;
    });
  }

  // ---- inspecting -------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.client ? [{ id: THREAD_ID, name: 'training' }] : [] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.handle(response, async () => {
      this.checkThread(args.threadId);
      const client = this.requireClient('show the call stack');
      const program = this.config!.program;
      const frames = await this.ask(client, { command: 'stackTrace' });
      const all = stackFrames(frames, { name: baseName(program), path: this.convertDebuggerPathToClient(program) }, (l) => this.convertDebuggerLineToClient(l), (c) => this.convertDebuggerColumnToClient(c), (f) => this.convertDebuggerPathToClient(f));
      const start = args.startFrame ?? 0;
      const end = args.levels ? start + args.levels : all.length;
      return { stackFrames: all.slice(start, end), totalFrames: all.length };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    this.handle(response, async () => {
      const views = await this.ask(this.requireClient('show variables'), { command: 'scopes' });
      return { scopes: views.map((v, i) => this.remember(scope(v, this.refs, i))) };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.handle(response, async () => {
      const client = this.requireClient('show variables');
      const ref = this.refs.refOf(args.variablesReference);
      if (ref === undefined) throw Errors.staleReference();
      const paged = this.paged.has(args.variablesReference);
      // A paged value's children are all indexed (rows); it has no named ones.
      if (paged && args.filter === 'named') return { variables: [] };
      const window = paged && args.filter === 'indexed' && args.count ? { start: args.start ?? 0, count: args.count } : {};
      const views = await this.ask(client, { command: 'variables', ref, ...window }, false);
      return { variables: views.map((v) => this.remember(variable(v, this.refs))) };
    });
  }

  /** Notes which references VS Code will page, so their `named` request can be answered. */
  private remember<T extends { variablesReference: number; indexedVariables?: number }>(entry: T): T {
    if (entry.indexedVariables !== undefined) this.paged.add(entry.variablesReference);
    return entry;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, async () => {
      const expression = args.expression.trim();
      if (!expression) throw Errors.badArgument('evaluate', 'the expression is empty');
      const client = this.requireClient('evaluate');
      // Copy Value asks with context `clipboard`: numbers with every digit, not the rounding shown.
      const precision = args.context === 'clipboard' ? 'exact' : 'shown';
      const result = await this.ask(client, { command: 'evaluate', expression, precision }, false);
      return this.remember(evaluateBody(result, this.refs));
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.handle(response, async () => {
      const client = this.requireClient('complete');
      // The line the cursor is on (the Debug Console's input may hold several); columns as the client counts them.
      const text = args.text.split('\n')[args.line === undefined ? 0 : this.convertClientLineToDebugger(args.line) - 1] ?? '';
      const column = this.convertClientColumnToDebugger(args.column) - 1;
      const items = await this.ask(client, { command: 'completions', text, column }, false);
      const start = (offset: number): number | undefined => (this.completesBeforeCursor ? undefined : this.convertDebuggerColumnToClient(offset + 1));
      return { targets: items.map((c, i) => completionItem(c, i, start)) };
    });
  }

  // ---- editing: Set Value in Variables, `=` in Watch (engine/session/edits.ts) -----------------------

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.handle(response, async () => {
      const client = this.requireClient('set a value');
      const ref = this.refs.refOf(args.variablesReference);
      if (ref === undefined) throw Errors.badArgument('setVariable', `variablesReference ${args.variablesReference} is not a reference of this stop`);
      const request: RequestOf<'setVariable'> = { command: 'setVariable', ref, name: args.name, value: args.value };
      return this.edited(client, await this.ask(client, request));
    });
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    this.handle(response, async () => {
      const client = this.requireClient('set a value');
      const request: RequestOf<'setExpression'> = { command: 'setExpression', expression: args.expression.trim(), value: args.value };
      return this.edited(client, await this.ask(client, request));
    });
  }

  /**
   * After an edit: the new value for the row, and every view refreshed as after a stop (the cursor did
   * not move). Only `variables` is invalidated: the frames are the same, and invalidating `stacks`
   * makes VS Code rebuild them and collapse the Variables tree the user was editing in.
   */
  private edited(client: SessionClient, result: SessionResponseBody['setExpression']): SetValueBody {
    const body = setValueBody(result, this.refs);
    if (client !== this.client) return body;
    if (this.invalidatedEvents) this.sendEvent(new InvalidatedEvent(['variables']));
    if (this.lastStop) this.sendEvent(new Event(CustomEvent.stopped, { stop: this.lastStop, program: this.config?.program ?? '' } satisfies StoppedBody));
    return this.remember(body);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    this.handle(response, () => {
      this.checkThread(args.threadId);
      const exception = this.lastStop?.exception;
      if (!exception) throw Errors.badArgument('exceptionInfo', 'the session is not stopped on an exception breakpoint');
      return { exceptionId: exception.filter, description: exception.message, breakMode: 'always' as const, details: { message: exception.message, typeName: exception.filter } };
    });
  }

  // ---- custom requests for the webviews ---------------------------------------------------------

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    this.handle(response, async () => {
      if (!isCustomRequest(command)) throw Errors.unsupported(command);
      const client = this.requireClient(command);
      const request = readCustomRequest(command, args);
      return movesCursor(request) ? this.run(client, request) : this.ask(client, request, false);
    });
  }

  // ---- session events ---------------------------------------------------------------------------

  private onSessionEvent(event: SessionEvent): void {
    switch (event.event) {
      case 'stopped':
        // A stop that answers a command of ours is reported with that answer.
        if (this.running === 0 && this.started && !this.ending && !this.config?.noDebug && !sameStop(event.stop, this.lastStop)) this.reportStop(event.stop);
        return;
      case 'continued':
        return;
      case 'progress':
        this.sendEvent(new Event(CustomEvent.progress, { trainingStep: event.trainingStep, totalSteps: event.totalSteps, loss: event.loss }));
        if (this.config?.noDebug) this.printProgress(event.trainingStep, event.totalSteps, event.loss);
        return;
      case 'output':
        this.sendEvent(new OutputEvent(event.text.endsWith('\n') ? event.text : `${event.text}\n`, event.category));
        return;
      case 'diagnostics':
        return;
      case 'edits':
        this.edits = event.count;
        return;
      case 'landscapeProgress':
        this.sendEvent(new Event(CustomEvent.landscapeProgress, { done: event.done, total: event.total }));
        return;
      case 'terminated':
        this.sendEvent(new OutputEvent(`${event.reason}\n`, 'console'));
        this.sendEvent(new TerminatedEvent());
        return;
    }
  }

  // ---- run without debugging --------------------------------------------------------------------

  /** Ctrl+F5: train to the end without stopping, print progress, then end the session. */
  private async runToEnd(client: SessionClient): Promise<void> {
    this.sendEvent(new OutputEvent(`Training ${baseName(this.config?.program ?? '')} without stopping…\n`, 'console'));
    for (let guard = 0; guard < 100_000 && client === this.client; guard++) {
      const answer = await client.request({ command: 'continue' });
      if (!answer.ok) {
        this.sendEvent(new OutputEvent(`${answer.error.message}\n`, 'stderr'));
        break;
      }
      const stop = answer.body as StopInfo;
      if (stop.reason === 'end' || stop.reason === 'exception') {
        this.sendEvent(new OutputEvent(`${stop.description}\n`, stop.reason === 'end' ? 'console' : 'stderr'));
        break;
      }
    }
    if (client === this.client) this.sendEvent(new TerminatedEvent());
  }

  private lastPrinted = 0;

  /** About twenty lines for a whole run, whatever its length. */
  private printProgress(step: number, total: number, loss: number | null): void {
    const every = Math.max(1, Math.floor(total / 20));
    if (step !== total && step - this.lastPrinted < every) return;
    this.lastPrinted = step;
    this.sendEvent(new OutputEvent(`step ${step}/${total}${loss === null ? '' : `  loss ${loss.toPrecision(5)}`}\n`, 'console'));
  }

  // ---- restart and ending -----------------------------------------------------------------------

  /** Reads the file again (it may have changed) and starts over; a broken file keeps the old session. */
  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    this.handle(response, async () => {
      const previous = this.config;
      if (!previous) throw Errors.notLaunched('restart');
      const config = args?.arguments ? readLaunchArgs({ ...args.arguments, noDebug: previous.noDebug }) : previous;
      const ending = await this.runEnding();
      const opened = await this.openSession(config, ending.run).catch((error: unknown) => {
        ending.carryOn();
        throw error;
      });
      this.adopt(opened, config);
      if (this.edits) this.sendEvent(new OutputEvent(`${editsClearedText(this.edits)}\n`, 'console'));
      this.edits = 0;
      this.sendResponse(response);
      await this.begin();
      return SENT;
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.end();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.end();
    this.sendResponse(response);
    this.shutdown();
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse): void {
    this.sendError(response, Errors.unsupported('attach'));
  }

  private end(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.client?.dispose();
    this.client = null;
  }
}

/** A DAP breakpoint's condition and hit condition, when it has them. */
function conditionsOf(b: { readonly condition?: string; readonly hitCondition?: string }): Pick<FunctionBreakpointSpec, 'condition' | 'hitCondition'> {
  return { ...(b.condition?.trim() ? { condition: b.condition } : {}), ...(b.hitCondition?.trim() ? { hitCondition: b.hitCondition } : {}) };
}
