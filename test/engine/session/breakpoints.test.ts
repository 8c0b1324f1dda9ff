import { strict as assert } from 'node:assert';
import { LIMITS } from '../../../engine/limits';
import { count } from '../../../engine/model/budget';
import type { BreakpointResult } from '../../../engine/protocol/session';
import { bindLine, parseHitCondition } from '../../../engine/session/breakpoints';
import { checked, FAKE_MODEL } from '../../support/fake-trainer';
import { fakeSession, ok, stop, where } from './session_support';

const lines = FAKE_MODEL.split('\n');
/** 1-based line of the first line containing `text`. */
const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;

describe('session breakpoints', () => {
  describe('binding lines', () => {
    const spec = checked(FAKE_MODEL).spec;

    it('binds a layer’s line to the layer, the loss line to the loss, training lines to the update', () => {
      assert.deepEqual(bindLine(lineOf('name: hidden'), spec), { target: { kind: 'layer', layer: 'hidden' }, line: lineOf('name: hidden') });
      assert.deepEqual(bindLine(lineOf('loss: bce'), spec)?.target, { kind: 'loss' });
      assert.deepEqual(bindLine(lineOf('lr: 0.1'), spec)?.target, { kind: 'update' });
    });

    it('does not bind lines outside the layers, the loss and training', () => {
      assert.equal(bindLine(lineOf('task:'), spec), null);
      assert.equal(bindLine(1, spec), null);
    });

    it('reads hit conditions', () => {
      assert.deepEqual(parseHitCondition('5'), { op: '==', n: 5 });
      assert.deepEqual(parseHitCondition('>= 3'), { op: '>=', n: 3 });
      assert.deepEqual(parseHitCondition('%10'), { op: '%', n: 10 });
      assert.equal(parseHitCondition('five'), undefined);
      assert.equal(parseHitCondition('% 0'), undefined);
    });

    it('reports unverified breakpoints with the reason', () => {
      const { session } = fakeSession();
      session.start();
      const [outside, badCondition, good] = ok<BreakpointResult[]>(
        session.setBreakpoints([{ line: lineOf('task:') }, { line: lineOf('name: out'), condition: 'loss <' }, { line: lineOf('name: out'), condition: 'loss > 0' }]),
      );
      assert.equal(outside.verified, false);
      assert.match(outside.message!, /not in a layer/);
      assert.equal(badCondition.verified, false);
      assert.match(badCondition.message!, /condition/);
      assert.equal(good.verified, true);
    });

    it('refuses a condition or hit condition longer than an expression may be, naming the limit, and is not slowed by it', () => {
      const { session } = fakeSession();
      session.start();
      const long = `loss > ${'0'.repeat(100 * LIMITS.expressionLength.max)}`;
      const blank = ' '.repeat(100 * LIMITS.expressionLength.max);
      const [condition, hit] = ok<BreakpointResult[]>(session.setBreakpoints([{ line: lineOf('name: out'), condition: long }, { line: lineOf('name: out'), hitCondition: `${blank}x` }]));
      assert.equal(condition.verified, false);
      assert.match(condition.message!, new RegExp(`condition: the expression is ${count(long.length)} characters long; the limit \`expressionLength\` is ${count(LIMITS.expressionLength.max)}`));
      assert.equal(hit.verified, false);
      assert.match(hit.message!, new RegExp(`hit condition: it is ${count(blank.length + 1)} characters long`));
      assert.deepEqual(parseHitCondition(`${' '.repeat(LIMITS.expressionLength.max - 3)}>=5`), { op: '>=', n: 5 }, 'blanks up to the limit are still read');
    });
  });

  describe('stops', () => {
    it('stop at a layer’s entry in the forward pass (layer level) and at its last backward node (op level)', () => {
      const { session } = fakeSession();
      session.start();
      const [bp] = ok<BreakpointResult[]>(session.setBreakpoints([{ line: lineOf('name: hidden') }]));
      const first = stop(session.continue());
      assert.equal(first.reason, 'breakpoint');
      assert.deepEqual(first.breakpointIds, [bp.id]);
      assert.equal(where(first), 'step 1 forward hidden/xW');
      assert.equal(session.internals!.cursor.level, 'layer');
      assert.equal(where(stop(session.continue())), 'step 1 backward hidden/xW');
      assert.equal(session.internals!.cursor.level, 'op');
      assert.equal(where(stop(session.continue())), 'step 2 forward hidden/xW');
    });

    it('stop a step over that would pass them', () => {
      const { session } = fakeSession();
      session.start();
      session.stepIn();
      session.setBreakpoints([{ line: lineOf('name: out') }]);
      session.stepOut();
      const s = stop(session.stepOut());
      assert.equal(s.reason, 'breakpoint');
      assert.equal(where(s), 'step 1 forward out/xW');
    });

    it('with a condition stop only where it holds', () => {
      const { session } = fakeSession();
      session.start();
      session.setBreakpoints([{ line: lineOf('name: out'), condition: 'step == 3 && norm(grad(out.W)) > 0' }]);
      const s = stop(session.continue());
      assert.equal(where(s), 'step 3 backward out/xW');
      assert.ok(ok<{ value: string }>(session.evaluate('norm(grad(out.W))')).value !== '0');
    });

    it('with a hit condition stop on the Nth pass', () => {
      const { session } = fakeSession();
      session.start();
      session.setBreakpoints([{ line: lineOf('loss: bce'), hitCondition: '3' }]);
      assert.equal(where(stop(session.continue())), 'step 3 loss loss');
      session.setBreakpoints([{ line: lineOf('loss: bce'), hitCondition: '% 2' }]);
      assert.equal(where(stop(session.continue())), 'step 5 loss loss');
      assert.equal(where(stop(session.continue())), 'step 7 loss loss');
    });

    it('whose condition fails to evaluate stop and say why', () => {
      const { session, events } = fakeSession();
      session.start();
      session.setBreakpoints([{ line: lineOf('name: out'), condition: 'norm(out.W_g) > 1' }]);
      const s = stop(session.continue());
      assert.equal(s.reason, 'breakpoint');
      assert.match(s.description, /unknown name out\.W_g — did you mean out\.W\?/);
      assert.ok(events.some((e) => e.event === 'output' && e.text.includes('out.W_g')));
    });

    it('on the update stop at the first update event of each step', () => {
      const { session } = fakeSession();
      session.start();
      session.setBreakpoints([{ line: lineOf('optimizer: sgd') }]);
      assert.equal(where(stop(session.continue())), 'step 1 update update/clip');
      assert.equal(where(stop(session.continue())), 'step 2 update update/clip');
    });

    it('reverse continue lands on the latest hit before the cursor', () => {
      const { session } = fakeSession();
      session.start();
      session.goto(6);
      session.setBreakpoints([{ line: lineOf('name: hidden'), condition: 'step <= 4' }]);
      const s = stop(session.reverseContinue());
      assert.equal(where(s), 'step 4 backward hidden/xW');
      assert.equal(where(stop(session.reverseContinue())), 'step 4 forward hidden/xW');
      session.setBreakpoints([]);
      assert.equal(stop(session.reverseContinue()).reason, 'entry');
    });

    it('reverse continue skips, without replaying, the steps where the history shows the condition is false', () => {
      const { session, trainers } = fakeSession();
      session.start();
      session.goto(40);
      session.setBreakpoints([{ line: lineOf('name: out'), condition: 'step == 3 || loss > 100' }]);
      const begun = trainers[0].begun;
      const s = stop(session.reverseContinue());
      assert.equal(where(s), 'step 3 backward out/xW');
      assert.ok(trainers[0].begun - begun <= 4, `replayed ${trainers[0].begun - begun} steps`);
    });
  });
});
