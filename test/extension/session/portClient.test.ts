import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionEvent } from '../../../engine/protocol';
import type { HostToWorker } from '../../../engine/session';
import type { HostPort } from '../../../extension/session/hostPort';
import { inProcessPort } from '../../../extension/session/inProcessPort';
import { PortSessionClient } from '../../../extension/session/portClient';

/** The SessionClient over serveSession's messages (here in-process; the worker carries the same messages). */
const xor = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'mlp-xor.nn.yaml'), 'utf8');

describe('PortSessionClient', () => {
  it('launch opens the file; start stops on entry at the first op of step 1', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    const r = await c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: true });
    assert.ok(r.ok);
    const s = await c.start();
    assert.ok(s.ok);
    assert.equal(s.body.reason, 'entry');
    assert.equal(s.body.location.trainingStep, 1);
    assert.equal(s.body.location.eventIndex, 0);
    c.dispose();
  });

  it('a file with errors: not launched, with the located diagnostics', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    const r = await c.launch({ file: 'bad.nn.yaml', text: 'name: bad\nmodel: 3\n', stopOnEntry: true });
    assert.ok(!r.ok);
    assert.ok(r.diagnostics.length >= 1);
    assert.match(r.message, /error/);
  });

  it('the steps option shortens training; events are passed on', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    const events: SessionEvent[] = [];
    c.onEvent((e) => events.push(e));
    await c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: true, steps: 3 });
    const end = await c.request({ command: 'continue' });
    assert.ok(end.ok);
    assert.equal(end.body.reason, 'end');
    assert.equal(end.body.location.trainingStep, 3);
    assert.ok(events.some((e) => e.event === 'stopped'));
    c.dispose();
  });

  it('without stopping on entry, start runs and answers with the stop it reached', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    assert.ok((await c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: false, steps: 2 })).ok);
    const s = await c.start();
    assert.ok(s.ok);
    assert.equal(s.body.reason, 'end');
    assert.equal(s.body.location.trainingStep, 2);
    c.dispose();
  });

  it('exception filters given at launch reach the session', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    await c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: true, exceptionFilters: [{ filter: 'exploding', threshold: 1e-12 }] });
    const stop = await c.request({ command: 'continue' });
    assert.ok(stop.ok);
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.exception?.filter, 'exploding');
    c.dispose();
  });

  it('before launch, and after the other end died, requests are answered with an error', async () => {
    let exit: ((reason: string) => void) | null = null;
    const posted: HostToWorker[] = [];
    const silent: HostPort = { post: (m) => posted.push(m), onMessage: () => undefined, onExit: (h) => (exit = h), close: () => undefined };
    const c = new PortSessionClient(() => silent);
    const early = await c.request({ command: 'stackTrace' });
    assert.ok(!early.ok && /launch first/.test(early.error.message));
    const events: SessionEvent[] = [];
    c.onEvent((e) => events.push(e));
    const launching = c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: true });
    assert.equal(posted[0].kind, 'open');
    exit!('the worker crashed');
    const r = await launching;
    assert.ok(!r.ok && r.message === 'the worker crashed');
    const after = await c.request({ command: 'stepOver' });
    assert.ok(!after.ok && after.error.code === 'E_SESSION_GONE');
    assert.deepEqual(events, [{ event: 'terminated', reason: 'the worker crashed' }]);
  });

  it('a second launch on the same client is refused', async () => {
    const c = new PortSessionClient(() => inProcessPort());
    await c.launch({ file: 'xor.nn.yaml', text: xor, stopOnEntry: true });
    const again = await c.launch({ file: 'xor.nn.yaml', text: xor });
    assert.ok(!again.ok && /already runs a model/.test(again.message));
    c.dispose();
  });
});
