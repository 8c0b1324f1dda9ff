/**
 * The stepping session: a debugger's state machine over one training run of a model file. The
 * extension's debug adapter drives a `Session` (in-process or behind `serveSession` in a worker)
 * with the requests of engine/protocol and translates its events into the Debug Adapter Protocol.
 */
export { Session, drive, type SessionListener, type SessionOptions } from './session';
export { COMMANDS, commandOf, movesCursor, VIEW_COMMANDS, type CommandKind, type CommandsOfKind, type RequestOf, type StopCommand, type ViewCommand } from './commands';
export { serveSession, SLICE_MS, type HostToWorker, type WorkerOptions, type WorkerPort, type WorkerToHost } from './worker';
export { type Cursor, type Level, type Position, depthOf } from './cursor';
export { StepOutline, type EventInfo, type Span } from './outline';
export { stepBackTarget, stepInTarget, stepOutTarget, stepOverTarget, type Target } from './stepping';
export { Breakpoints, bindLine, parseHitCondition, type BreakTarget } from './breakpoints';
export { filtersFromFile } from './exceptions';
export { exceptionFilterOffers, startupOf, type Startup, type StartupSource } from './startup';
export { evaluateText, ExpressionError, FUNCTIONS, parseExpression, type NameScope, type Value } from './expression';
export { Checkpoints, type CheckpointOptions } from './checkpoints';
export { History, type HistoryOptions } from './history';
export type { TrainerExtras } from './extras';
