import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { frame, RawAdapter } from '../../tools/fuzz/dap/rawAdapter';
import { SAMPLE } from '../../tools/fuzz/dap/property';
import { buildAdapter } from './support/builtAdapter';

/**
 * Issue 13's repros (items 6 and 8) against `node dist/debugAdapter.js`: a broken frame is reported
 * on stderr as an output event and the adapter goes on serving; mistyped arguments are refused at
 * the door with what is wrong, never as an internal error with a stack trace.
 */
describe('debug adapter process with hostile input', function () {
  this.timeout(60_000);
  let adapter: RawAdapter;

  before(() => buildAdapter());

  beforeEach(async () => {
    adapter = new RawAdapter();
    await adapter.request('initialize', { adapterID: 'backstep', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const launch = adapter.send('launch', { program: SAMPLE });
    adapter.send('configurationDone');
    assert.equal((await adapter.response(launch)).success, true);
    await adapter.waitFor((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped', 15_000);
  });

  afterEach(() => adapter.stop());

  function reports(): string[] {
    return adapter.received.flatMap((m) => {
      const e = m as DebugProtocol.OutputEvent;
      return e.type === 'event' && e.event === 'output' && e.body.category === 'stderr' ? [e.body.output] : [];
    });
  }

  /** The adapter still serves: the call stack of the stop it is at. */
  async function stillServes(): Promise<void> {
    const stack = await adapter.request('stackTrace', { threadId: 1 });
    assert.equal(stack.success, true, stack.message);
    assert.ok((stack.body as DebugProtocol.StackTraceResponse['body']).stackFrames.length > 0);
    assert.ok(adapter.alive);
    assert.equal(adapter.received.some((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'terminated'), false);
    assert.equal(adapter.stderr, '');
  }

  it('a truncated frame is reported and the next one is served', async () => {
    adapter.write('Content-Length: 9\r\n\r\n{"seq":1,');
    await stillServes();
    assert.equal(reports().length, 1);
    assert.match(reports()[0], /skipped a DAP frame whose body is not a message: it is not JSON/);
  });

  it('a body null is reported as not a message', async () => {
    adapter.write(frame('null'));
    await stillServes();
    assert.deepEqual(reports(), ["Backstep's debug adapter ignored a DAP message: a message is a JSON object, got null.\n"]);
  });

  it('a Content-Length counted in characters is reported with what it should count, and the next request is served', async () => {
    const body = JSON.stringify({ seq: adapter.takeSeq(), type: 'request', command: 'evaluate', arguments: { expression: 'ŵ — “naïve”' } });
    adapter.write(`Content-Length: ${body.length}\r\n\r\n${body}`);
    await stillServes();
    assert.equal(reports().length, 1);
    assert.match(reports()[0], /Content-Length counts the bytes of the UTF-8 body/);
  });

  it('a request without a command is answered as an invalid request', async () => {
    const seq = adapter.takeSeq();
    adapter.write(frame(JSON.stringify({ seq, type: 'request', command: 7 })));
    const answer = await adapter.response(seq);
    assert.equal(answer.success, false);
    assert.match(answer.message ?? '', /^invalid request: `command` must be the name of the request/);
    await stillServes();
  });

  it('still ends when its input ends, after a broken frame', async () => {
    adapter.write('Content-Length: 9\r\n\r\n{"seq":1,');
    await stillServes();
    assert.equal(await adapter.endInput(), 0);
  });

  const MISTYPED: [string, unknown, RegExp][] = [
    ['setExceptionBreakpoints', { filters: 'nan_inf' }, /^invalid arguments: setExceptionBreakpoints\.filters must be an array, got "nan_inf"/],
    ['setExceptionBreakpoints', null, /^invalid arguments: setExceptionBreakpoints\.arguments must be an object, got null/],
    ['setBreakpoints', { source: { path: SAMPLE }, breakpoints: 'x' }, /^invalid arguments: setBreakpoints\.breakpoints must be an array, got "x"/],
    ['stackTrace', null, /^invalid arguments: stackTrace\.arguments must be an object/],
    ['exceptionInfo', null, /^invalid arguments: exceptionInfo\.arguments must be an object/],
    ['evaluate', null, /^invalid arguments: evaluate\.arguments must be an object/],
    ['evaluate', { expression: 42 }, /^invalid arguments: evaluate\.expression must be a string, got 42/],
    ['initialize', undefined, /^invalid arguments: initialize\.adapterID must be a string, but it is missing/],
  ];

  it('mistyped arguments are refused at the door with what is wrong, never as a bug in Backstep', async () => {
    for (const [command, args, expected] of MISTYPED) {
      const answer = await adapter.request(command, args);
      assert.equal(answer.success, false, command);
      assert.match(answer.message ?? '', expected);
      assert.equal((answer as DebugProtocol.ErrorResponse).body.error?.id, 2014);
      assert.doesNotMatch(JSON.stringify(answer), /\.js:\d+|\bat \S+ \(/);
    }
    await stillServes();
  });
});
