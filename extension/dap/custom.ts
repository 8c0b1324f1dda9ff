import type { SessionResponseBody, StopInfo } from '../../engine/protocol';
import { VIEW_COMMANDS, type RequestOf, type ViewCommand } from '../../engine/session/commands';
import { LIMITS } from '../../engine/limits';
import { LANDSCAPE_MAX_SIZE } from '../../engine/session/surface/requests';
import { Errors } from './errors';

/**
 * The adapter's custom DAP requests and events, for the webviews' hosts and the editor decorations.
 * They work the same with the inline adapter and the stdio one: `session.customRequest('inspector')`,
 * `vscode.debug.onDidReceiveDebugSessionCustomEvent` with the event names below.
 */
export const CustomEvent = {
  /** Every stop, with the session's own description of where it stands (body: `StoppedBody`). */
  stopped: 'backstep.stopped',
  /** The session started moving again (body: `{}`): stale views should dim. */
  continued: 'backstep.continued',
  /** Training progress (body: `{ trainingStep, totalSteps, loss }`). */
  progress: 'backstep.progress',
  /** A loss landscape being computed (body: `{ done, total }` grid points). */
  landscapeProgress: 'backstep.landscapeProgress',
} as const;

export interface StoppedBody {
  readonly stop: StopInfo;
  /** The model file, as given in `program`. */
  readonly program: string;
}

/**
 * Custom requests and their answers: the session's commands that the views ask for (`forViews` in
 * engine/session/commands.ts), with the session's arguments and answers. Named with a prefix so they
 * never collide with DAP's own requests (DAP has a `goto` of its own).
 */
export type CustomRequests = { [C in ViewCommand as `backstep.${C}`]: { args: Omit<RequestOf<C>, 'command'>; body: SessionResponseBody[C] } };

export type CustomRequestName = keyof CustomRequests;

export const CUSTOM_REQUESTS: readonly CustomRequestName[] = VIEW_COMMANDS.map((c) => `backstep.${c}` as const);

/** The most values one tensorSlice may carry. */
export const SLICE_LIMIT = 10_000;

/** Reads the arguments of each custom request, at the door: the session behind it trusts its types. */
const READERS: { readonly [C in ViewCommand]: (args: Readonly<Record<string, unknown>>, name: string) => RequestOf<C> } = {
  inspector: () => ({ command: 'inspector' }),
  graph: () => ({ command: 'graph' }),
  history: () => ({ command: 'history' }),
  tensorSlice: ({ name, start, count }, request) => {
    if (typeof name !== 'string' || !isCount(start) || !isCount(count) || count < 1 || count > SLICE_LIMIT) {
      throw Errors.badArgument(request, `it takes { name: string, start ≥ 0, count in 1…${SLICE_LIMIT} }`);
    }
    return { command: 'tensorSlice', name, start, count };
  },
  tensorPlot: ({ expression }, request) => {
    if (typeof expression !== 'string' || expression.trim() === '' || expression.length > LIMITS.expressionLength.max) {
      throw Errors.badArgument(request, `it takes { expression: string of 1…${LIMITS.expressionLength.max} characters }`);
    }
    return { command: 'tensorPlot', expression };
  },
  saveWeights: ({ optimizer }, request) => {
    if (optimizer !== undefined && typeof optimizer !== 'boolean') throw Errors.badArgument(request, 'it takes { optimizer?: boolean }');
    return { command: 'saveWeights', ...(optimizer ? { optimizer } : {}) };
  },
  race: () => ({ command: 'race' }),
  landscape: ({ size }, request) => {
    if (size !== undefined && (!isCount(size) || size < 2 || size > LANDSCAPE_MAX_SIZE)) throw Errors.badArgument(request, `it takes { size?: whole number in 2…${LANDSCAPE_MAX_SIZE} }`);
    return { command: 'landscape', ...(size !== undefined ? { size } : {}) };
  },
  cancelLandscape: () => ({ command: 'cancelLandscape' }),
  goto: ({ trainingStep }, request) => {
    if (!isCount(trainingStep) || trainingStep < 1) throw Errors.badArgument(request, '`trainingStep` is a whole number, at least 1');
    return { command: 'goto', trainingStep };
  },
};

export function isCustomRequest(name: string): name is CustomRequestName {
  return (CUSTOM_REQUESTS as readonly string[]).includes(name);
}

/** The session request a custom request stands for; a UserError when its arguments are wrong. */
export function readCustomRequest(name: CustomRequestName, args: unknown): RequestOf<ViewCommand> {
  const a = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  return READERS[name.slice('backstep.'.length) as ViewCommand](a, name);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
