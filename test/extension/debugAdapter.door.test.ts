import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BackstepDebugSession } from '../../extension/debugAdapter';
import { nodeFileReader } from '../../extension/nodeFileReader';

/**
 * The door of the inline adapter (VS Code hands it parsed messages, no frames): what is not a
 * request is reported, a request is checked before dispatch, and a handler that throws is answered
 * as an internal error without the library's JavaScript stack trace.
 */
class ThrowingThreads extends BackstepDebugSession {
  protected override threadsRequest(): void {
    throw new Error('boom');
  }
}

function inline(session: BackstepDebugSession): DebugProtocol.ProtocolMessage[] {
  const sent: DebugProtocol.ProtocolMessage[] = [];
  session.onDidSendMessage((m) => sent.push(m as DebugProtocol.ProtocolMessage));
  return sent;
}

const ports = {
  files: nodeFileReader,
  createSession: () => {
    throw new Error('no session in these tests');
  },
};

describe('debug adapter door (inline)', () => {
  it('reports a message that is not an object as an output event on stderr, and answers nothing', () => {
    const session = new BackstepDebugSession(ports);
    const sent = inline(session);
    session.handleMessage(null as unknown as DebugProtocol.ProtocolMessage);
    assert.equal(sent.length, 1);
    const event = sent[0] as DebugProtocol.OutputEvent;
    assert.equal(event.event, 'output');
    assert.equal(event.body.category, 'stderr');
    assert.match(event.body.output, /ignored a DAP message: a message is a JSON object, got null/);
  });

  it('answers a mistyped request at the door, before its handler', () => {
    const session = new BackstepDebugSession(ports);
    const sent = inline(session);
    session.handleMessage({ seq: 5, type: 'request', command: 'evaluate', arguments: { expression: 42 } } as DebugProtocol.Request);
    const [answer] = sent as DebugProtocol.ErrorResponse[];
    assert.deepEqual([answer.request_seq, answer.command, answer.success, answer.body.error?.id], [5, 'evaluate', false, 2014]);
    assert.equal(answer.message, 'invalid arguments: evaluate.expression must be a string, got 42.');
  });

  it('answers a handler that throws as an internal error, without a stack trace', () => {
    const session = new ThrowingThreads(ports);
    const sent = inline(session);
    session.handleMessage({ seq: 6, type: 'request', command: 'threads' } as DebugProtocol.Request);
    const [answer] = sent as DebugProtocol.ErrorResponse[];
    assert.equal(answer.body.error?.id, 2999);
    assert.match(answer.message ?? '', /failed while handling `threads`: boom\. This is a bug in Backstep/);
    assert.doesNotMatch(JSON.stringify(answer), /\.[jt]s:\d+|\n\s+at /);
  });
});
