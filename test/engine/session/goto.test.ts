import { strict as assert } from 'node:assert';
import { checkModel } from '../../../engine/model/check';
import type { FrameInfo } from '../../../engine/protocol/location';
import type { EvaluateResult } from '../../../engine/protocol/values';
import type { GotoTarget } from '../../../engine/protocol/session';
import { roundSteps, ROUND_TARGETS } from '../../../engine/session/goto';
import { Session } from '../../../engine/session/session';
import { FAKE_MODEL } from '../../support/fake-trainer';
import { sampleText } from '../train/support';
import { fakeSession, ok, stop, tensorsOf } from './session_support';

const lineOf = (text: string, name: string): number => checkModel(text).spec!.layers.find((l) => l.name === name)!.range.line;
const trainingLine = (text: string): number => checkModel(text).spec!.ranges.training.line;

describe('Goto', function () {
  this.timeout(30_000);

  describe('targets of a line', () => {
    it('a layer’s line: its forward, backward and update stops in this step, the next (no step 0), then round steps', () => {
      const { session } = fakeSession();
      session.start();
      const targets = ok<readonly GotoTarget[]>(session.gotoTargets(lineOf(FAKE_MODEL, 'hidden')));
      const labels = targets.map((t) => t.label);
      assert.deepEqual(labels.slice(0, 6), ['step 1 › forward › hidden', 'step 1 › backward › hidden', 'step 1 › update › hidden', 'step 2 › forward › hidden', 'step 2 › backward › hidden', 'step 2 › update › hidden']);
      const far = roundSteps(40).filter((s) => s > 2);
      assert.deepEqual(labels.slice(6), far.map((s) => `step ${s} › forward › hidden`));
      assert.ok(targets.every((t) => t.line === lineOf(FAKE_MODEL, 'hidden')));
    });

    it('in the backward pass, the layer’s backward stop comes first, and the previous step is offered', () => {
      const { session } = fakeSession();
      session.start();
      stop(session.goto(7, { phase: 'backward', layer: 'out' }));
      const labels = ok<readonly GotoTarget[]>(session.gotoTargets(lineOf(FAKE_MODEL, 'memory'))).map((t) => t.label);
      assert.equal(labels[0], 'step 7 › backward › memory');
      assert.ok(labels.includes('step 6 › forward › memory') && labels.includes('step 8 › update › memory'), labels.join('; '));
    });

    it('the training section’s line: the update; a line of no layer: the start of the step', () => {
      const { session } = fakeSession();
      session.start();
      assert.equal(ok<readonly GotoTarget[]>(session.gotoTargets(trainingLine(FAKE_MODEL)))[0].label, 'step 1 › update');
      const first = ok<readonly GotoTarget[]>(session.gotoTargets(1))[0];
      assert.deepEqual([first.label, first.line], ['step 1', lineOf(FAKE_MODEL, 'memory')]);
    });

    it('round steps: 1, the multiples of 1, 2 or 5 × 10ᵏ (at most ROUND_TARGETS) and the last step', () => {
      assert.deepEqual(roundSteps(300), [1, 50, 100, 150, 200, 250, 300]);
      assert.deepEqual(roundSteps(7), [1, 2, 3, 4, 5, 6, 7]);
      for (const total of [1, 9, 40, 99, 1234, 100_000]) {
        const steps = roundSteps(total);
        assert.ok(steps.length <= ROUND_TARGETS + 2 && steps[0] === 1 && steps.at(-1) === total, `${total}: ${steps.join(',')}`);
      }
    });

    it('every target is a stop: going there stops at that phase and layer, at layer level, with reason goto', () => {
      const { session } = fakeSession();
      session.start();
      stop(session.goto(5));
      for (const t of ok<readonly GotoTarget[]>(session.gotoTargets(lineOf(FAKE_MODEL, 'memory'))).slice(0, 9)) {
        const s = stop(session.handle({ command: 'goto', ...t.to }));
        assert.deepEqual([s.reason, s.location.trainingStep, s.location.phase, s.location.layer], ['goto', t.to.trainingStep, t.to.phase, t.to.layer], t.label);
        assert.equal(s.description, `Went to ${t.label}`);
        assert.equal(ok<readonly FrameInfo[]>(session.stackTrace())[0].kind, 'layer', t.label);
      }
    });
  });

  describe('going to a step', () => {
    const text = sampleText('mlp-xor');
    const W = (s: Session) => ok<EvaluateResult>(s.evaluate('hidden.W')).value;
    const loss = (s: Session) => ok<EvaluateResult>(s.evaluate('loss')).value;

    it('mlp-xor: goto step 50 lands with the tensors of running there to a breakpoint, and so does going back and forth', () => {
      const went = Session.create(text, 'mlp-xor.nn.yaml');
      stop(went.start());
      assert.equal(stop(went.goto(50)).location.trainingStep, 50);
      const ran = Session.create(text, 'mlp-xor.nn.yaml');
      ran.setBreakpoints([{ line: lineOf(text, 'hidden'), condition: 'step == 50' }]);
      stop(ran.start());
      const hit = stop(ran.continue());
      assert.deepEqual([hit.reason, hit.location.trainingStep, hit.location.eventIndex], ['breakpoint', 50, 0]);
      assert.deepEqual(tensorsOf(went), tensorsOf(ran));
      assert.deepEqual([W(went), loss(went)], [W(ran), loss(ran)]);
      stop(went.goto(120));
      stop(went.goto(3));
      stop(went.goto(50));
      assert.deepEqual(tensorsOf(went), tensorsOf(ran));
    });

    it('steps never run are trained and recorded on the way; steps run before are reached through checkpoints', () => {
      const { session, trainers } = fakeSession();
      session.start();
      stop(session.goto(30));
      assert.equal(session.internals!.history.recorded, 29);
      stop(session.goto(2));
      const begun = trainers[0].begun;
      stop(session.goto(29));
      assert.ok(trainers[0].begun - begun <= session.internals!.timeline.checkpoints.every, `began ${trainers[0].begun - begun} steps`);
    });

    it('a step out of range, an unknown layer or a stop a layer does not have: an error naming it; the session stays where it was, Step Back still retraces', () => {
      const { session } = fakeSession();
      const entry = stop(session.start()).location;
      const before = stop(session.stepOver()).location;
      const bad = [
        [session.goto(10 ** 9), /training step 1000000000 does not exist: the run has steps 1 to 40/],
        [session.goto(0), /training step 0 does not exist/],
        [session.goto(2, { phase: 'forward', layer: 'nope' }), /there is no layer "nope": the layers are memory, hidden, relu1, out, sigmoid1/],
        [session.goto(2, { phase: 'loss', layer: 'hidden' }), /step 2 › loss › hidden is not a stop: hidden has no loss stop/],
      ] as const;
      for (const [answer, message] of bad) {
        assert.ok(!answer.ok && message.test(answer.error.message), answer.ok ? 'answered' : answer.error.message);
        assert.deepEqual(session.internals!.lastStop!.location, before);
      }
      assert.deepEqual(stop(session.stepBack()).location, entry);
    });
  });
});
