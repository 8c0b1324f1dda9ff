import type { SessionCommand, SessionRequest, SessionResponse, SessionResponseBody, StopInfo } from '../protocol/session';
import type { Session } from './session';
import type { JobYield } from './surface/pool';
import { stepOutTarget, stepOverTarget } from './stepping';

/** The request of command C (the protocol lists the commands without arguments in one member). */
export type RequestOf<C extends SessionCommand> = C extends SessionCommand ? MemberOf<SessionRequest, C> : never;
type MemberOf<R, C> = R extends { readonly command: infer K } ? (C extends K ? R & { readonly command: C } : never) : never;

/**
 * What a request does, which decides how it is served:
 * - `step`: a short move (Step Over, In, Out, Back), answered with the stop.
 * - `run`: runs until something stops it (Continue, Reverse Continue); a debugger's UI acknowledges
 *   it at once and shows the stop when it comes.
 * - `jump`: moves the cursor elsewhere (Goto, Restart), answered with the stop.
 * - `pause`: ends a run where it has got to (answered with that stop), else stops where it is.
 * - `query`: reads what the cursor sees and moves nothing.
 * - `edit`: changes a value at the cursor and recomputes what follows from it (moves nothing).
 * - `setting`: breakpoints and exception filters, answered even while a run goes on.
 */
export type CommandKind = 'step' | 'run' | 'jump' | 'pause' | 'query' | 'edit' | 'setting';

interface CommandFacts {
  readonly kind: CommandKind;
  /** Refused with the file's errors when the file did not check or build. */
  readonly needsModel: boolean;
  /** Asked for by the views (Inspector, graph, history chart) rather than by the debugger's UI. */
  readonly forViews: boolean;
}

/** A command's handler: an answer at once, or a long run. */
type Handler<C extends SessionCommand> =
  | { readonly answer: (session: Session, request: RequestOf<C>) => SessionResponse<C> }
  /** A generator that yields between slices: a worker runs it in slices, and a Pause can end it where it has got to. */
  | { readonly run: (session: Session, request: RequestOf<C>) => Generator<void, SessionResponse> }
  /** A long computation that moves nothing (the loss landscape): a worker runs it in slices beside the stepping, never blocking it. */
  | { readonly job: (session: Session, request: RequestOf<C>) => Generator<JobYield, SessionResponse> };

export type CommandEntry<C extends SessionCommand = SessionCommand> = CommandFacts & Handler<C>;

const move = { needsModel: true, forViews: false } as const;
const query = { kind: 'query', needsModel: true, forViews: false } as const;
const view = { kind: 'query', needsModel: true, forViews: true } as const;

/** The session's commands: one row per request of engine/protocol/session.ts. */
export const COMMANDS = {
  stepOver: { ...move, kind: 'step', run: (s) => s.stepping('stepOver', stepOverTarget) },
  stepIn: { ...move, kind: 'step', run: (s, r) => s.steppingIn(r.targetId) },
  stepOut: { ...move, kind: 'step', run: (s) => s.stepping('stepOut', stepOutTarget) },
  stepBack: { ...move, kind: 'step', answer: (s) => s.stepBack() },
  continue: { ...move, kind: 'run', run: (s) => s.continuing() },
  reverseContinue: { ...move, kind: 'run', run: (s) => s.reversing() },
  goto: { ...move, kind: 'jump', forViews: true, run: (s, { command: _, ...point }) => s.going(point) },
  restartFrame: { ...move, kind: 'jump', answer: (s, r) => s.restartFrame(r.frameId) },
  restart: { ...move, kind: 'jump', needsModel: false, answer: (s) => s.restart() },
  pause: { ...move, kind: 'pause', answer: (s) => s.pause() },
  setBreakpoints: { kind: 'setting', needsModel: false, forViews: false, answer: (s, r) => s.setBreakpoints(r.breakpoints) },
  // Without a model the filters are still kept for the next load (and the answer is the file's errors).
  setExceptionBreakpoints: { kind: 'setting', needsModel: false, forViews: false, answer: (s, r) => s.setExceptionBreakpoints(r.filters) },
  setFunctionBreakpoints: { kind: 'setting', needsModel: false, forViews: false, answer: (s, r) => s.setFunctionBreakpoints(r.breakpoints) },
  setDataBreakpoints: { kind: 'setting', needsModel: false, forViews: false, answer: (s, r) => s.setDataBreakpoints(r.breakpoints) },
  dataBreakpointInfo: { ...query, answer: (s, r) => s.dataBreakpointInfo(r.ref, r.name) },
  stackTrace: { ...query, answer: (s) => s.stackTrace() },
  scopes: { ...query, answer: (s) => s.scopes() },
  variables: { ...query, answer: (s, r) => s.variables(r.ref, r.start, r.count) },
  evaluate: { ...query, answer: (s, r) => s.evaluate(r.expression, r.precision) },
  completions: { ...query, answer: (s, r) => s.completions(r.text, r.column) },
  gotoTargets: { ...query, answer: (s, r) => s.gotoTargets(r.line) },
  stepInTargets: { ...query, answer: (s) => s.stepInTargets() },
  setExpression: { kind: 'edit', needsModel: true, forViews: false, answer: (s, r) => s.setExpression(r.expression, r.value) },
  setVariable: { kind: 'edit', needsModel: true, forViews: false, answer: (s, r) => s.setVariable(r.ref, r.name, r.value) },
  tensorSlice: { ...view, answer: (s, r) => s.tensorSlice(r.name, r.start, r.count) },
  tensorPlot: { ...view, answer: (s, r) => s.tensorPlot(r.expression) },
  inspector: { ...view, answer: (s) => s.inspector() },
  graph: { ...view, answer: (s) => s.graph() },
  history: { ...view, answer: (s) => s.history() },
  saveWeights: { ...view, answer: (s, r) => s.saveWeights(r.optimizer ?? false) },
  race: { ...view, answer: (s) => s.race() },
  landscape: { ...view, job: (s, r) => s.landscape(r.size) },
  cancelLandscape: { kind: 'setting', needsModel: false, forViews: true, answer: (s) => s.cancelLandscape() },
} as const satisfies { readonly [C in SessionCommand]: CommandEntry<C> };

/** The row of a command named by a message (null when there is none: the name is the sender's text). */
export function commandOf(name: string): CommandEntry | null {
  return Object.hasOwn(COMMANDS, name) ? (COMMANDS[name as SessionCommand] as CommandEntry) : null;
}

/** The commands of some kinds, e.g. `CommandsOfKind<'step' | 'run'>`. */
export type CommandsOfKind<K extends CommandKind> = { [C in SessionCommand]: (typeof COMMANDS)[C]['kind'] extends K ? C : never }[SessionCommand];

/** The commands the views ask for. */
export type ViewCommand = { [C in SessionCommand]: (typeof COMMANDS)[C]['forViews'] extends true ? C : never }[SessionCommand];

export const VIEW_COMMANDS = (Object.keys(COMMANDS) as SessionCommand[]).filter((c): c is ViewCommand => COMMANDS[c].forViews);

/** The commands answered with a stop. */
export type StopCommand = { [C in SessionCommand]: SessionResponseBody[C] extends StopInfo ? C : never }[SessionCommand];

const STOP_KINDS: ReadonlySet<CommandKind> = new Set(['step', 'run', 'jump', 'pause']);

/** Whether a request moves the cursor: it is answered with a stop. */
export function movesCursor<R extends SessionRequest>(request: R): request is Extract<R, { readonly command: StopCommand }> {
  return STOP_KINDS.has(COMMANDS[request.command].kind);
}
