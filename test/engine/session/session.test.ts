import { strict as assert } from 'node:assert';
import { checkModel } from '../../../engine/model/check';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { StopInfo } from '../../../engine/protocol/session';
import { FAKE_MLP, FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, ok, stop, tensorsOf, where } from './session_support';

describe('session', () => {
  describe('start', () => {
    it('stops on entry at the first layer of step 1, at layer level, and announces it', () => {
      const { session, events } = fakeSession();
      const s = stop(session.start());
      assert.equal(s.reason, 'entry');
      assert.equal(where(s), 'step 1 forward memory/x_rows');
      assert.equal(s.location.layer, 'memory');
      assert.deepEqual(s.location.range, session.model!.spec.layers[0].range);
      assert.deepEqual(
        events.filter((e) => e.event === 'stopped'),
        [{ event: 'stopped', stop: s }],
      );
      const frames = ok<FrameInfo[]>(session.stackTrace());
      assert.deepEqual(
        frames.map((f) => [f.kind, f.name]),
        [
          ['layer', 'memory (lstm)'],
          ['phase', 'forward'],
          ['step', 'step 1'],
        ],
      );
    });

    it('starts with the file’s exception filters', () => {
      const { session } = fakeSession({}, `${FAKE_MODEL}debug: { break_on: { nan_inf: false, exploding: 50 } }\n`);
      assert.deepEqual(session.internals!.exceptions.active, ['exploding', 'op_error']);
    });

    it('announces a Continue and its progress', () => {
      const { session, events } = fakeSession();
      session.start();
      session.continue();
      assert.ok(events.some((e) => e.event === 'continued'));
      const progress = events.find((e) => e.event === 'progress');
      assert.ok(progress && progress.event === 'progress' && progress.totalSteps === 40);
    });

    it('runs to the end when the file does not stop on entry', () => {
      const text = `${FAKE_MODEL}debug: { stop_on_entry: false, break_on: { nan_inf: false } }\n`;
      const { session } = fakeSession({}, text);
      const s = stop(session.start());
      assert.equal(s.reason, 'end');
      assert.equal(s.location.trainingStep, 40);
    });
  });

  describe('stepping across boundaries', () => {
    it('steps over layers through the forward pass, loss, backward pass and update into the next step', () => {
      const { session } = fakeSession();
      session.start();
      const seen: string[] = [];
      // 5 forward layers, the loss, 6 layers backward, the clip, 12 parameter updates.
      for (let i = 0; i < 25; i++) seen.push(where(stop(session.stepOver())));
      assert.equal(seen[4], 'step 1 loss loss');
      assert.equal(seen[5], 'step 1 backward loss');
      assert.equal(seen[11], 'step 1 update update/clip');
      assert.equal(seen[24], 'step 2 forward memory/x_rows');
    });

    it('steps into a recurrent layer, a time step and its ops, and out again', () => {
      const { session } = fakeSession();
      session.start();
      assert.equal(stop(session.stepIn()).location.node, 'memory/x_rows');
      assert.equal(stop(session.stepOver()).location.node, 'memory/t0/x');
      const inT0 = stop(session.stepIn());
      assert.equal(inT0.location.timeStep, 0);
      assert.deepEqual(
        ok<FrameInfo[]>(session.stackTrace()).map((f) => f.kind),
        ['op', 'timestep', 'layer', 'phase', 'step'],
      );
      assert.equal(stop(session.stepOver()).location.node, 'memory/t0/hx');
      assert.equal(stop(session.stepOut()).location.node, 'memory/t1/x');
      assert.equal(stop(session.stepOut()).location.node, 'hidden/xW');
    });

    it('retraces the forward steps at their levels, then steps back layer by layer across training steps to the very start', () => {
      const { session } = fakeSession();
      session.start();
      const at = (s: StopInfo): string => `${where(s)} @${session.internals!.cursor.level}`;
      const forward = [at(stop(session.goto(2)))];
      for (let i = 0; i < 11; i++) forward.push(at(stop(session.stepOver())));
      for (let i = 0; i < 2; i++) forward.push(at(stop(session.stepIn())));
      for (let i = 0; i < 5; i++) forward.push(at(stop(session.stepOver())));
      assert.equal(forward.at(-1), 'step 2 backward memory/t2/c @op');
      const backward = forward.slice(0, -1).map(() => at(stop(session.stepBack())));
      assert.deepEqual(backward, forward.slice(0, -1).reverse());
      const o = session.internals!.timeline.outline!;
      const layerGroups = o.events.filter((_, i) => o.span(i, 'layer').start === i).length;
      const earlier: string[] = [];
      for (let s = stop(session.stepBack()); s.reason === 'step'; s = stop(session.stepBack())) earlier.push(at(s));
      assert.equal(earlier.length, layerGroups, 'every layer-level stop of step 1');
      assert.ok(earlier.every((w) => w.startsWith('step 1 ') && w.endsWith('@layer')), earlier.join('\n'));
      assert.equal(new Set(earlier).size, earlier.length, 'no stop twice');
      assert.equal(earlier.at(-1), 'step 1 forward memory/x_rows @layer');
    });

    it('stays at the start when stepping back from the first event', () => {
      const { session } = fakeSession();
      session.start();
      const s = stop(session.stepBack());
      assert.equal(s.reason, 'entry');
      assert.equal(where(s), 'step 1 forward memory/x_rows');
    });

    it('steps back from the first layer of a step to the last update of the previous one', () => {
      const { session } = fakeSession();
      session.start();
      session.goto(3);
      assert.equal(where(stop(session.stepBack())), 'step 2 update update/out.b');
    });

    it('stops with reason end after the last event, and stays there', () => {
      const { session } = fakeSession({}, FAKE_MLP);
      session.start();
      session.goto(30);
      const last = stop(session.continue());
      assert.equal(last.reason, 'end');
      assert.equal(where(last), 'step 30 update update/out.b');
      assert.equal(stop(session.stepOver()).reason, 'end');
      assert.equal(where(stop(session.stepOut())), where(last));
      assert.equal(where(stop(session.stepBack())), 'step 30 update update/out.W');
    });
  });

  describe('back in time', () => {
    it('back then forward gives identical tensors, within a step and across steps', () => {
      const { session } = fakeSession();
      session.start();
      session.goto(4);
      for (let i = 0; i < 8; i++) session.stepOver();
      session.stepIn();
      session.stepOver();
      const here = stop(session.stepOver());
      const before = tensorsOf(session);
      for (let i = 0; i < 40; i++) session.stepBack();
      session.goto(2);
      session.goto(4);
      for (let i = 0; i < 8; i++) session.stepOver();
      session.stepIn();
      session.stepOver();
      assert.equal(where(stop(session.stepOver())), where(here));
      assert.deepEqual(tensorsOf(session), before);
    });

    it('a step back inside the backward pass undoes exactly one gradient contribution', () => {
      const { session } = fakeSession();
      session.start();
      for (let i = 0; i < 11; i++) session.stepOver();
      session.stepIn();
      session.stepIn();
      const first = tensorsOf(session);
      session.stepOver();
      assert.notDeepEqual(tensorsOf(session), first);
      session.stepBack();
      assert.deepEqual(tensorsOf(session), first);
    });

    it('goes to a training step and back, replaying from checkpoints with bounded memory', () => {
      const { session, trainers } = fakeSession({}, FAKE_MODEL, { checkpoints: { max: 4 } });
      session.start();
      assert.equal(stop(session.goto(40)).location.trainingStep, 40);
      const cps = session.internals!.timeline.checkpoints;
      assert.ok(cps.count <= 5, `kept ${cps.count} checkpoints`);
      const begun = trainers[0].begun;
      assert.equal(stop(session.goto(3)).reason, 'goto');
      assert.ok(trainers[0].begun - begun <= cps.every, `replayed ${trainers[0].begun - begun} steps, checkpoints every ${cps.every}`);
      assert.equal(session.goto(41).ok, false);
    });
  });

  describe('bad input', () => {
    it('a malformed file gives the checker’s located errors and a session that answers with errors', () => {
      const text = 'model: [\n';
      const { session, events } = fakeSession({}, text);
      assert.equal(session.ready, false);
      assert.deepEqual(session.diagnostics, checkModel(text).diagnostics);
      const r = session.start();
      assert.equal(r.ok, false);
      assert.ok(events.some((e) => e.event === 'diagnostics'));
      for (const cmd of ['stepOver', 'stackTrace', 'variables', 'inspector'] as const) {
        assert.equal(session.handle(cmd === 'variables' ? { command: cmd, ref: 'scope:op' } : { command: cmd }).ok, false, cmd);
      }
    });

    it('impossible shapes are the same located errors as `check` reports', () => {
      const text = FAKE_MODEL.replace('hidden: 3, return: last', 'hidden: 3, return: last, in: 7');
      const { session } = fakeSession({}, text);
      assert.deepEqual(session.diagnostics, checkModel(text).diagnostics);
      assert.ok(session.diagnostics.length > 0);
    });

    it('restart picks up the new text, and a broken one reports its errors', () => {
      const { session, events } = fakeSession();
      session.start();
      session.goto(5);
      const again = stop(session.restart(FAKE_MODEL.replace('steps: 40', 'steps: 12')));
      assert.equal(again.location.trainingStep, 1);
      assert.equal(session.internals!.totalSteps, 12);
      const broken = session.restart('model: 3\n');
      assert.equal(broken.ok, false);
      assert.ok(events.filter((e) => e.event === 'diagnostics').length >= 2);
    });
  });
});
