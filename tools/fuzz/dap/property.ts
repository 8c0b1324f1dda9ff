import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';
import type { DapCase } from './actions';
import { RawAdapter } from './rawAdapter';

/**
 * The property the adapter keeps under any DAP traffic: after a case's actions it is alive, answers
 * a well-formed `threads` and `stackTrace`, has answered every request it could frame, reported
 * the broken frames, never answered with an internal error (2999, or the library's 1104), never
 * wrote a JavaScript stack trace into a message, and wrote nothing on stderr.
 */
export const SAMPLE = join(__dirname, '..', '..', '..', 'samples', 'mlp-xor.nn.yaml');
export const SAMPLE_FIRST_LINE = checkModel(readFileSync(SAMPLE, 'utf8')).spec!.layers[0].range.line;

export interface Verdict {
  readonly failures: readonly string[];
  /** Requests and broken frames sent, for the campaign's counts. */
  readonly requests: number;
  readonly broken: number;
  readonly exited: boolean;
  readonly internalErrors: number;
}

const INTERNAL = new Set([2999, 1104]);
/** A JavaScript stack frame or source position in a message (JSON-escaped, as sent). */
const STACK = /\.(?:[cm]?js|ts):\d+(?::\d+)?\b|\\n\s+at \S/;

export async function runDapCase(c: DapCase, timeoutMs = 15_000): Promise<Verdict> {
  const adapter = new RawAdapter();
  const failures: string[] = [];
  const awaited: number[] = [];
  let broken = 0;
  let reportable = 0;
  try {
    await adapter.request('initialize', { adapterID: 'backstep', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }, timeoutMs);
    if (c.launched) {
      const launch = adapter.send('launch', { program: SAMPLE, steps: 3 });
      adapter.send('configurationDone');
      await adapter.response(launch, timeoutMs);
      await adapter.waitFor((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped', timeoutMs);
    }
    for (const action of c.actions) {
      if (action.kind === 'wait') await new Promise((resolve) => setTimeout(resolve, action.ms));
      else if (action.kind === 'request') awaited.push(adapter.send(action.command, action.args));
      else {
        const seq = adapter.takeSeq();
        adapter.write(action.bytes(seq));
        broken++;
        // Answered frames need no report; junk may have formed a well-formed header of its own.
        if (action.answered) awaited.push(seq);
        else if (!action.label.startsWith('junk')) reportable++;
      }
    }
    const threads = await adapter.request('threads', undefined, timeoutMs);
    if (!threads.success) failures.push(`threads failed: ${threads.message}`);
    // Answered is enough: the actions may have ended the session or left it running.
    await adapter.request('stackTrace', { threadId: 1 }, timeoutMs);
    for (const seq of awaited) await adapter.response(seq, timeoutMs).catch(() => failures.push(`request ${seq} was never answered`));
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
  const exited = !adapter.alive;
  if (exited) failures.push(`the adapter exited with code ${adapter.exitCode}`);
  let internalErrors = 0;
  for (const m of adapter.received) {
    const text = JSON.stringify(m);
    if (m.type === 'response' && INTERNAL.has((m as DebugProtocol.ErrorResponse).body?.error?.id ?? 0)) {
      internalErrors++;
      failures.push(`internal error: ${text.slice(0, 300)}`);
    }
    if (STACK.test(text)) failures.push(`a stack trace in ${text.slice(0, 300)}`);
  }
  const reports = adapter.received.filter((m) => m.type === 'event' && (m as DebugProtocol.OutputEvent).event === 'output' && (m as DebugProtocol.OutputEvent).body.category === 'stderr');
  if (reportable > 0 && reports.length === 0) failures.push(`${reportable} broken frames and no report of them`);
  if (adapter.stderr) failures.push(`stderr: ${adapter.stderr.slice(0, 500)}`);
  await adapter.stop();
  return { failures, requests: awaited.length, broken, exited, internalErrors };
}
