/**
 * The door of the debug adapter: the arguments of every DAP request it handles, checked against the
 * protocol's shapes before the request is dispatched, so the handlers behind it trust their types.
 * Only the fields that are read (by Backstep or by @vscode/debugadapter) and the ones the protocol
 * requires are listed; other fields pass. Launch options are read by launchArgs.ts, the custom
 * requests' arguments by custom.ts; a request missing here takes any arguments.
 */
export interface Mismatch {
  /** Where, from the request: `stackTrace.threadId`, `setBreakpoints.breakpoints[2].line`. */
  readonly path: string;
  /** What the protocol wants there: "a whole number". */
  readonly expected: string;
  /** What came; undefined when the field is missing. */
  readonly got: unknown;
}

type Check = (value: unknown, path: string) => Mismatch | null;
interface Field {
  readonly check: Check;
  readonly optional: boolean;
}

function leaf(expected: string, accepts: (value: unknown) => boolean): Check {
  return (value, path) => (accepts(value) ? null : { path, expected, got: value });
}

const string = leaf('a string', (v) => typeof v === 'string');
const boolean = leaf('true or false', (v) => typeof v === 'boolean');
const integer = leaf('a whole number', (v) => Number.isSafeInteger(v));
const count = leaf('a whole number, at least 0', (v) => Number.isSafeInteger(v) && (v as number) >= 0);

function oneOf(...values: readonly string[]): Check {
  return leaf(values.map((v) => JSON.stringify(v)).join(' or '), (v) => typeof v === 'string' && values.includes(v));
}

function arrayOf(item: Check): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return { path, expected: 'an array', got: value };
    for (let i = 0; i < value.length; i++) {
      const mismatch = item(value[i], `${path}[${i}]`);
      if (mismatch) return mismatch;
    }
    return null;
  };
}

function optional(check: Check): Field {
  return { check, optional: true };
}

type Fields = Readonly<Record<string, Check | Field>>;

function object(fields: Fields = {}): Check {
  const entries = Object.entries(fields).map(([name, f]): [string, Field] => [name, typeof f === 'function' ? { check: f, optional: false } : f]);
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path, expected: 'an object', got: value };
    for (const [name, field] of entries) {
      const v = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
      if (v === undefined && field.optional) continue;
      const mismatch = field.check(v, `${path}.${name}`);
      if (mismatch) return mismatch;
    }
    return null;
  };
}

const thread = { threadId: integer, singleThread: optional(boolean) };
const move = { ...thread, granularity: optional(oneOf('statement', 'line', 'instruction')) };
const format = optional(object());

const SOURCE = object({ name: optional(string), path: optional(string), sourceReference: optional(integer) });

const SOURCE_BREAKPOINT = object({
  line: integer,
  column: optional(integer),
  condition: optional(string),
  hitCondition: optional(string),
  logMessage: optional(string),
});

/** Each request Backstep handles → the shape of its arguments (the protocol's `…Arguments`). */
const REQUESTS: ReadonlyMap<string, Check> = new Map([
  ['initialize', object({ adapterID: string, clientID: optional(string), clientName: optional(string), locale: optional(string), linesStartAt1: optional(boolean), columnsStartAt1: optional(boolean), pathFormat: optional(string), supportsProgressReporting: optional(boolean) })],
  ['launch', object()],
  ['attach', object()],
  ['restart', object({ arguments: optional(object()) })],
  ['disconnect', object({ restart: optional(boolean), terminateDebuggee: optional(boolean), suspendDebuggee: optional(boolean) })],
  ['terminate', object({ restart: optional(boolean) })],
  ['configurationDone', object()],
  ['cancel', object({ requestId: optional(integer), progressId: optional(string) })],
  [
    'setBreakpoints',
    object({
      source: SOURCE,
      breakpoints: optional(arrayOf(SOURCE_BREAKPOINT)),
      lines: optional(arrayOf(integer)),
      sourceModified: optional(boolean),
    }),
  ],
  [
    'setExceptionBreakpoints',
    object({
      filters: arrayOf(string),
      filterOptions: optional(arrayOf(object({ filterId: string, condition: optional(string), mode: optional(string) }))),
      exceptionOptions: optional(arrayOf(object())),
    }),
  ],
  ['setFunctionBreakpoints', object({ breakpoints: arrayOf(object({ name: string, condition: optional(string), hitCondition: optional(string) })) })],
  ['dataBreakpointInfo', object({ variablesReference: optional(integer), name: string, frameId: optional(integer), bytes: optional(integer), asAddress: optional(boolean), mode: optional(string) })],
  [
    'setDataBreakpoints',
    object({ breakpoints: arrayOf(object({ dataId: string, accessType: optional(oneOf('read', 'write', 'readWrite')), condition: optional(string), hitCondition: optional(string) })) }),
  ],
  ['continue', object(thread)],
  ['next', object(move)],
  ['stepIn', object({ ...move, targetId: optional(integer) })],
  ['stepOut', object(move)],
  ['stepBack', object(move)],
  ['reverseContinue', object(thread)],
  ['pause', object({ threadId: integer })],
  ['stackTrace', object({ threadId: integer, startFrame: optional(count), levels: optional(count), format })],
  ['scopes', object({ frameId: integer })],
  ['variables', object({ variablesReference: integer, filter: optional(oneOf('indexed', 'named')), start: optional(count), count: optional(count), format })],
  ['evaluate', object({ expression: string, frameId: optional(integer), line: optional(integer), column: optional(integer), source: optional(object()), context: optional(string), format })],
  ['exceptionInfo', object({ threadId: integer })],
  ['completions', object({ text: string, column: integer, line: optional(integer), frameId: optional(integer) })],
  ['gotoTargets', object({ source: SOURCE, line: integer, column: optional(integer) })],
  ['goto', object({ threadId: integer, targetId: integer })],
  ['stepInTargets', object({ frameId: integer })],
  ['restartFrame', object({ frameId: integer })],
  ['setVariable', object({ variablesReference: integer, name: string, value: string, format })],
  ['setExpression', object({ expression: string, value: string, frameId: optional(integer), format })],
]);

/**
 * What is wrong with a request's arguments, or null when they have the protocol's shape. Arguments
 * left out are an empty object (@vscode/debugadapter's own `sendRequest` leaves an empty one out).
 */
export function checkArguments(command: string, args: unknown): Mismatch | null {
  const check = REQUESTS.get(command);
  if (!check) return null;
  const mismatch = check(args === undefined ? {} : args, command);
  return mismatch?.path === command ? { ...mismatch, path: `${command}.arguments` } : mismatch;
}

/** The requests whose arguments are checked here. */
export const CHECKED_REQUESTS: readonly string[] = [...REQUESTS.keys()];
