import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { StopInfo } from '../../../engine/protocol/session';
import type { TensorSlice } from '../../../engine/protocol/values';
import { Session } from '../../../engine/session/session';
import { recordingSource } from '../../../engine/trace/replayOpen';
import { nodeChunkFiles } from '../../../extension/dap/chunkFiles';
import { ok } from '../session/session_support';

/** Made by python/backstep_torch from test/python/record_case.py (case mlp); torch's own values beside it. */
const FILE = path.join(__dirname, '../../fixtures/trace/mlp.bstrace');
const EXPECTED = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/trace/mlp.expected.json'), 'utf8')) as {
  steps: { step: number; loss: number; params: Record<string, { before: number[]; after: number[]; grad: number[] }> }[];
};


function values(session: Session, name: string): number[] {
  return [...ok<TensorSlice>(session.tensorSlice(name, 0, 1000)).values];
}

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  // Recorded as float32: torch's numbers, read back exactly.
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= 1e-6 * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${x} ≠ ${expected[i]}`));
}

function openFixture(): Session {
  return Session.create('', FILE, { source: recordingSource(FILE, readFileSync(FILE, 'utf8'), nodeChunkFiles(FILE)) });
}

describe('replaying the recorder’s MLP recording (test/fixtures/trace/mlp.bstrace)', () => {
  it('steps through every recorded op of a step, by module, with the recorded numbers', () => {
    const session = openFixture();
    assert.deepEqual(session.diagnostics, []);
    const entry = ok<StopInfo>(session.start());
    assert.equal(entry.location.node, 'fc1/t');
    const seen: string[] = [entry.location.node!];
    for (;;) {
      const stop = ok<StopInfo>(session.stepOver());
      if (stop.location.trainingStep !== 1) break;
      seen.push(`${stop.location.phase} ${stop.location.layer}`);
    }
    assert.deepEqual(seen, ['fc1/t', 'forward act', 'forward fc2', 'loss loss', 'backward model', 'backward fc2', 'backward act', 'backward fc1', 'update fc1', 'update fc1', 'update fc2', 'update fc2']);
    assert.deepEqual(ok<FrameInfo[]>(session.stackTrace()).map((f) => f.name).slice(-2), ['forward', 'step 2']);
  });

  it('holds the parameters, gradients and loss torch computed, before and after each update', () => {
    const session = openFixture();
    session.start();
    for (const [k, step] of EXPECTED.steps.entries()) {
      const stop = ok<StopInfo>(session.goto(k + 1, { phase: 'update' }));
      assert.equal(stop.location.node, 'update/fc1.weight');
      close(values(session, 'loss'), [step.loss], `loss of step ${step.step}`);
      close(values(session, 'fc1.weight'), step.params['fc1.weight'].after, `fc1.weight after step ${step.step}`);
      for (const [name, p] of Object.entries(step.params)) {
        close(values(session, `grad(${name})`), p.grad, `grad of ${name} in step ${step.step}`);
        if (name !== 'fc1.weight') close(values(session, name), p.before, `${name} before the update of step ${step.step}`);
      }
    }
  });

  it('ends after its last recorded step', () => {
    const session = openFixture();
    session.start();
    const end = ok<StopInfo>(session.continue());
    assert.equal(end.reason, 'end');
    assert.match(end.description, /^The recording ends at step 2: all 2 recorded steps are done \(final loss /);
  });

  it('a wrong entry in a later step: the session opens, stops when stepping reaches that step with the located error, and stays usable', () => {
    const index = JSON.parse(readFileSync(FILE, 'utf8')) as { steps: { events: { module?: string }[] }[] };
    index.steps[1].events[0].module = 'nowhere';
    const session = Session.create('', FILE, { source: recordingSource(FILE, JSON.stringify(index), nodeChunkFiles(FILE)) });
    assert.deepEqual(session.diagnostics, []);
    assert.equal(ok<StopInfo>(session.start()).reason, 'entry');
    const stop = ok<StopInfo>(session.continue());
    assert.equal(stop.reason, 'exception');
    assert.equal(stop.location.trainingStep, 2);
    assert.match(stop.exception?.message ?? '', /mlp\.bstrace: steps\[1\]\.events\[0\]\.module: names module "nowhere", which the index's modules do not list$/);
    assert.equal(ok<StopInfo>(session.stepBack()).location.trainingStep, 1);
    close(values(session, 'loss'), [EXPECTED.steps[0].loss], 'step 1 still answers');
    assert.equal(ok<StopInfo>(session.continue()).exception?.message, stop.exception?.message, 'reaching the step again says the same');
  });
});
