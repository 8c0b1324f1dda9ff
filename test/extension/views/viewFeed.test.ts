import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../engine/protocol';
import { ViewFeed, type SessionState } from '../../../extension/views/viewFeed';

/** A page that records what it is sent, visible or not. */
class FakePort {
  visible = true;
  readonly sent: HostToWebview[] = [];
  post(m: HostToWebview): boolean {
    this.sent.push(m);
    return true;
  }
}

/** A session whose answers the test releases one by one. */
class SlowSession {
  calls = 0;
  private waiting: ((m: HostToWebview) => void)[] = [];
  load = (): Promise<HostToWebview> => {
    this.calls++;
    return new Promise((resolve) => this.waiting.push(resolve));
  };
  answer(description: string): void {
    const resolve = this.waiting.shift();
    assert.ok(resolve, 'a request is waiting');
    resolve({ type: 'idle', message: description });
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const STOPPED: SessionState = { kind: 'stopped' };
const log = { errors: [] as string[], error(m: string) { this.errors.push(m); } };

describe('ViewFeed: a webview kept at the latest stop without flooding it', () => {
  beforeEach(() => (log.errors = []));

  it('sends nothing before the page says ready, then the state of the session', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, { kind: 'idle', message: 'no session' });
    feed.sessionChanged(STOPPED);
    assert.equal(session.calls, 0, 'no request for a page that cannot listen');
    feed.pageReady();
    assert.equal(session.calls, 1);
    session.answer('stop 1');
    await settle();
    assert.deepEqual(port.sent, [{ type: 'idle', message: 'stop 1' }]);
  });

  it('loads the same stop again when what it shows changes without a stop (a tensor pinned); not while the session runs', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, STOPPED);
    feed.pageReady();
    session.answer('before the pin');
    await settle();
    feed.reload();
    assert.equal(session.calls, 2);
    session.answer('with the pin');
    await settle();
    assert.deepEqual(port.sent.at(-1), { type: 'idle', message: 'with the pin' });
    feed.pageReady();
    assert.deepEqual(port.sent.at(-1), { type: 'idle', message: 'with the pin' }, 'a reloaded page gets the new answer, not the old one');
    feed.sessionChanged({ kind: 'running' });
    feed.reload();
    assert.equal(session.calls, 2, 'the next stop will draw it');
  });

  it('turns a burst of stops into one request in flight and one more for the newest', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, STOPPED);
    feed.pageReady();
    for (let i = 0; i < 50; i++) feed.sessionChanged(STOPPED);
    assert.equal(session.calls, 1, 'one request while the first is in flight');
    session.answer('old stop');
    await settle();
    assert.equal(session.calls, 2, 'then one for the newest stop');
    session.answer('newest stop');
    await settle();
    assert.deepEqual(port.sent, [{ type: 'idle', message: 'newest stop' }], 'the answer for an older stop is never shown');
    assert.equal(session.calls, 2);
  });

  it('does not feed a hidden view, and brings it up to date when it shows', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, STOPPED);
    port.visible = false;
    feed.pageReady();
    feed.sessionChanged(STOPPED);
    feed.sessionChanged(STOPPED);
    assert.equal(session.calls, 0);
    port.visible = true;
    feed.visibilityChanged();
    assert.equal(session.calls, 1);
    session.answer('current');
    await settle();
    assert.deepEqual(port.sent, [{ type: 'idle', message: 'current' }]);
  });

  it('re-sends the current stop to a page that reloaded, without asking the session again', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, STOPPED);
    feed.pageReady();
    session.answer('current');
    await settle();
    feed.pageGone();
    feed.pageReady();
    assert.equal(session.calls, 1);
    assert.deepEqual(port.sent, [
      { type: 'idle', message: 'current' },
      { type: 'idle', message: 'current' },
    ]);
  });

  it('shows the idle message when the session ends, dropping an answer still on its way', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, STOPPED);
    feed.pageReady();
    feed.sessionChanged({ kind: 'idle', message: 'The debug session has ended.' });
    session.answer('late');
    await settle();
    assert.deepEqual(port.sent, [{ type: 'idle', message: 'The debug session has ended.' }]);
    assert.equal(session.calls, 1);
  });

  it('logs a failed request and keeps serving the next stop', async () => {
    const port = new FakePort();
    let calls = 0;
    const feed = new ViewFeed(port, () => (++calls === 1 ? Promise.reject(new Error('not stopped')) : Promise.resolve({ type: 'idle', message: 'ok' })), log, STOPPED);
    feed.pageReady();
    await settle();
    assert.match(log.errors[0], /not stopped/);
    feed.sessionChanged(STOPPED);
    await settle();
    assert.deepEqual(port.sent, [{ type: 'idle', message: 'ok' }]);
  });

  it('does not ask while the session runs (Continue), and asks at the next stop', async () => {
    const port = new FakePort();
    const session = new SlowSession();
    const feed = new ViewFeed(port, session.load, log, { kind: 'running' });
    feed.pageReady();
    assert.equal(session.calls, 0);
    feed.sessionChanged(STOPPED);
    assert.equal(session.calls, 1);
  });
});
