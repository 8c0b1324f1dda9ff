import fc from 'fast-check';

/**
 * What a hostile or careless DAP client does, as fast-check arbitraries: requests with right, wrong
 * and missing arguments, unknown commands, broken frames, and pauses between bursts. A case is a
 * list of such actions sent to a fresh adapter, launched on a small sample or not.
 */
export type Action =
  /** A well-formed frame with a request; its answer is awaited. */
  | { readonly kind: 'request'; readonly command: string; readonly args?: unknown }
  /** A frame the adapter cannot take as a request; `answered` when it can still answer it. */
  | { readonly kind: 'broken'; readonly label: string; readonly bytes: (seq: number) => Buffer; readonly answered: boolean }
  | { readonly kind: 'wait'; readonly ms: number };

export interface DapCase {
  /** Launched on the sample (stopped at its entry) before the actions, or left unlaunched. */
  readonly launched: boolean;
  readonly actions: readonly Action[];
}

/** Standard requests (a well-formed `disconnect` ends the adapter by design: it is not sent). */
const DAP_COMMANDS = [
  'initialize', 'launch', 'attach', 'restart', 'terminate', 'configurationDone', 'setBreakpoints', 'setExceptionBreakpoints',
  'setFunctionBreakpoints', 'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'goto', 'threads',
  'stackTrace', 'scopes', 'variables', 'evaluate', 'exceptionInfo', 'source', 'setVariable', 'completions', 'loadedSources',
  'setExpression',
];
/** Data breakpoints (issue 14; setFunctionBreakpoints is a standard request above), and the fields only breakpoint kinds read. */
const BREAKPOINT_COMMANDS = ['dataBreakpointInfo', 'setDataBreakpoints'];
const BREAKPOINT_FIELDS = ['dataId', 'accessType', 'logMessage'];
const CUSTOM_COMMANDS = ['backstep.inspector', 'backstep.graph', 'backstep.history', 'backstep.tensorSlice', 'backstep.goto'];
const ODD_COMMANDS = ['explode', '__proto__', 'toString', 'constructor', 'hasOwnProperty', 'backstep.', 'backstep.toString', ' next', 'NEXT'];

const FIELDS = [
  'threadId', 'expression', 'filters', 'filterOptions', 'breakpoints', 'lines', 'source', 'variablesReference', 'frameId', 'startFrame',
  'levels', 'start', 'count', 'filter', 'context', 'arguments', 'program', 'steps', 'stopOnEntry', 'noDebug', 'breakOn', 'trainingStep',
  'name', 'adapterID', 'pathFormat', 'linesStartAt1', 'granularity', 'condition', 'hitCondition', '__proto__', 'constructor',
  'value',
  ...BREAKPOINT_FIELDS,
];

function values(program: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(0, 1, 2, 3, 7, -1, 1.5, 2 ** 53, 1e308, '', 'x', 'nan_inf', 'exploding', 'indexed', 'named', 'watch', 'hidden.W', 'loss', 'out/y', true, false, null),
    fc.constantFrom(['nan_inf'], ['op_error', 'bogus'], [{ line: 22 }], [{ line: 'x' }], [3, 4], { path: program }, { path: 42 }, { program }, {}, []),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

function argumentsOf(program: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, 'x', [], {}) },
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), values(program), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Requests a real client sends, so the session moves between the hostile ones. */
function usual(program: string, firstLine: number): fc.Arbitrary<Action> {
  const line = fc.integer({ min: firstLine - 2, max: firstLine + 8 });
  return fc.oneof(
    fc.constantFrom<Action>(
      { kind: 'request', command: 'next', args: { threadId: 1 } },
      { kind: 'request', command: 'stepIn', args: { threadId: 1 } },
      { kind: 'request', command: 'stepOut', args: { threadId: 1 } },
      { kind: 'request', command: 'stepBack', args: { threadId: 1 } },
      { kind: 'request', command: 'stackTrace', args: { threadId: 1 } },
      { kind: 'request', command: 'threads' },
      { kind: 'request', command: 'evaluate', args: { expression: 'hidden.W', context: 'watch' } },
      { kind: 'request', command: 'evaluate', args: { expression: 'loss', context: 'hover' } },
      { kind: 'request', command: 'setExpression', args: { expression: 'hidden.W[0, 0]', value: '0.5' } },
      { kind: 'request', command: 'backstep.inspector' },
      { kind: 'request', command: 'setExceptionBreakpoints', args: { filters: ['nan_inf', 'op_error'] } },
    ),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('scopes'), args: fc.record({ frameId: fc.integer({ min: 0, max: 6 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('variables'), args: fc.record({ variablesReference: fc.integer({ min: 0, max: 30 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('setBreakpoints'), args: fc.record({ source: fc.constant({ path: program }), breakpoints: fc.array(fc.record({ line }), { maxLength: 3 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('setBreakpoints'), args: fc.record({ source: fc.constant({ path: program }), breakpoints: fc.array(fc.record({ line, logMessage: fc.constantFrom('{loss}', '{bogus} {{', 'x={', '{step}') }), { maxLength: 2 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('setFunctionBreakpoints'), args: fc.record({ breakpoints: fc.array(fc.record({ name: fc.constantFrom('tanh', '*/y', 'update', 'step 2', 'step 0', '__proto__', '*'.repeat(40)) }), { maxLength: 2 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('setDataBreakpoints'), args: fc.record({ breakpoints: fc.array(fc.record({ dataId: fc.constantFrom('hidden.W', 'hidden/y', 'loss', 'constructor') }), { maxLength: 2 }) }) }),
    fc.record({ kind: fc.constant('request' as const), command: fc.constant('dataBreakpointInfo'), args: fc.record({ variablesReference: fc.integer({ min: 0, max: 30 }), name: fc.constantFrom('hidden.W', 'loss', '[0]', 'toString') }) }),
  );
}

function hostile(program: string): fc.Arbitrary<Action> {
  const command = fc.oneof(fc.constantFrom(...DAP_COMMANDS, ...BREAKPOINT_COMMANDS), fc.constantFrom(...CUSTOM_COMMANDS), fc.constantFrom(...ODD_COMMANDS), fc.string({ maxLength: 12 }));
  return fc.record({ kind: fc.constant('request' as const), command, args: argumentsOf(program) }).map((a): Action => (a.args === undefined ? { kind: 'request', command: a.command } : a));
}

function framed(body: Buffer, length = body.length): Buffer {
  return Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`), body]);
}

function request(seq: number, command: string, args: unknown): string {
  return JSON.stringify({ seq, type: 'request', command, arguments: args });
}

/** Bytes outside any frame; never `Content-Length` itself, or the junk would rightly own the next frame's header. */
const junk = fc.string({ unit: fc.constantFrom('a', '{', '}', '"', ':', ' ', '\r', '\n', '\r\n\r\n', 'é', 'Content-', '\u0000'), minLength: 1, maxLength: 30 });

function broken(): fc.Arbitrary<Action> {
  const b = (label: string, bytes: (seq: number) => Buffer, answered = false): Action => ({ kind: 'broken', label, bytes, answered });
  return fc.oneof(
    fc.constantFrom(
      b('truncated JSON', (seq) => framed(Buffer.from(`{"seq":${seq},`))),
      b('body null', () => framed(Buffer.from('null'))),
      b('body a number', () => framed(Buffer.from('42'))),
      b('body an array', () => framed(Buffer.from('[{"seq":1,"type":"request","command":"threads"}]'))),
      b('body empty', () => framed(Buffer.alloc(0))),
      b('not UTF-8', (seq) => framed(Buffer.concat([Buffer.from(`{"seq":${seq},"type":"request","command":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))),
      b('length in characters', (seq) => {
        const body = request(seq, 'evaluate', { expression: 'ŵ·x — “naïve” ∑' });
        return framed(Buffer.from(body), body.length);
      }),
      b('length too long, padded', (seq) => {
        const body = Buffer.from(request(seq, 'threads', {}));
        return Buffer.concat([framed(body, body.length + 5), Buffer.from('}}}}}')]);
      }),
      b('no Content-Length', () => Buffer.from('Content-Type: application/json\r\n\r\n{}')),
      b('Content-Length abc', () => Buffer.from('Content-Length: abc\r\n\r\n{}')),
      b('Content-Length -1', () => Buffer.from('Content-Length: -1\r\n\r\n{}')),
      b('an event from the client', (seq) => framed(Buffer.from(JSON.stringify({ seq, type: 'event', event: 'stopped' })))),
      b('a request without seq', () => framed(Buffer.from(JSON.stringify({ type: 'request', command: 'threads' })))),
      b('a request without command', (seq) => framed(Buffer.from(JSON.stringify({ seq, type: 'request' }))), true),
      b('a request whose command is a number', (seq) => framed(Buffer.from(JSON.stringify({ seq, type: 'request', command: 42 }))), true),
    ),
    junk.map((text) => b(`junk ${JSON.stringify(text)}`, () => Buffer.from(text))),
  );
}

export function dapCase(program: string, firstLine: number): fc.Arbitrary<DapCase> {
  const action = fc.oneof(
    { weight: 4, arbitrary: hostile(program) },
    { weight: 3, arbitrary: usual(program, firstLine) },
    { weight: 2, arbitrary: broken() },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((ms): Action => ({ kind: 'wait', ms })) },
  );
  return fc.record({ launched: fc.boolean(), actions: fc.array(action, { minLength: 1, maxLength: 60, size: 'medium' }) });
}

/** An action as a line of a report. */
export function describeAction(a: Action): string {
  if (a.kind === 'request') return `${a.command} ${a.args === undefined ? '' : JSON.stringify(a.args)}`.trim();
  if (a.kind === 'broken') return `<${a.label}>`;
  return `wait ${a.ms} ms`;
}
