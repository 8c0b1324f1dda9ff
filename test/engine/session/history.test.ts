import { strict as assert } from 'node:assert';
import type { HistoryView } from '../../../engine/protocol/views';
import { dict } from '../../../engine/dict';
import { History, type StepDetail } from '../../../engine/session/history';
import { fakeSession, ok } from './session_support';

/** Records keyed by layer names have no prototype (a layer may be named `constructor`). */
const byName = <V>(o: Record<string, V>) => dict(Object.entries(o));
const detail = (step: number): StepDetail => ({
  gradNorms: byName({ memory: step, out: 2 * step }),
  timeStepGradNorms: byName({ memory: [step, step + 1, step + 2] }),
  gateMeans: byName({ 'memory.gate_f': step / 10 }),
  attentionEntropy: dict(),
  clipped: step % 2 === 0,
});

describe('session history', () => {
  it('forgets the records after a step (an edit changed them) and records them again as the steps run', () => {
    const h = new History({ detail: 16 });
    for (let s = 1; s <= 40; s++) h.add(s, 1 / s, 0.1, detail(s));
    const stride = h.detailStride;
    h.truncate(9);
    assert.equal(h.recorded, 9);
    assert.ok(h.records().every((r) => r.step <= 9));
    assert.ok(h.needs(10));
    h.add(10, 42, 0.2, detail(10));
    assert.equal(h.lossAt(10), 42);
    if (10 % stride === 0) assert.deepEqual(h.recordOf(10), { step: 10, loss: 42, lr: 0.2, ...detail(10) });
    assert.deepEqual(h.recordOf(8), 8 % stride === 0 ? { step: 8, loss: 1 / 8, lr: 0.1, ...detail(8) } : null);
  });

  it('keeps every step’s record in order, and only the next step', () => {
    const h = new History();
    for (let s = 1; s <= 5; s++) h.add(s, 1 / s, 0.1, detail(s));
    h.add(3, 99, 99, detail(99));
    h.add(7, 99, 99, detail(99));
    assert.equal(h.recorded, 5);
    const r = h.records();
    assert.deepEqual(
      r.map((x) => x.step),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(r[2], { step: 3, loss: 1 / 3, lr: 0.1, ...detail(3) });
  });

  it('stays bounded: past its capacity it keeps every 2nd, 4th … step, and every loss', () => {
    const h = new History({ detail: 16 });
    for (let s = 1; s <= 1000; s++) h.add(s, s, 0.1, detail(s));
    const r = h.records();
    assert.ok(r.length <= 17, `${r.length} records`);
    assert.ok(r.every((x) => x.step % h.detailStride === 0));
    assert.deepEqual(r[r.length - 1], { step: r[r.length - 1].step, loss: r[r.length - 1].step, lr: 0.1, ...detail(r[r.length - 1].step) });
    assert.equal(h.lossAt(777), 777);
    assert.equal(h.losses(100).length <= 101, true);
  });

  it('gives the gradient norms per layer of the steps up to a given one, evenly thinned past a number of points', () => {
    const h = new History();
    for (let s = 1; s <= 3000; s++) h.add(s, s, 0.1, detail(s));
    const some = h.gradNorms(7);
    assert.deepEqual(some.steps, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(some.every, 1);
    assert.deepEqual(some.layers.get('memory'), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(some.layers.get('out'), [2, 4, 6, 8, 10, 12, 14]);
    const all = h.gradNorms(3000, 1000);
    assert.equal(all.steps.length, 1000);
    assert.deepEqual([all.steps[0], all.steps[999]], [1, 3000]);
    assert.ok(all.steps.every((s, k) => k === 0 || s > all.steps[k - 1]), 'steps ascend');
    assert.equal(all.every, 3);
    assert.deepEqual(all.layers.get('out'), all.steps.map((s) => 2 * s));
  });

  it('gives NaN for a layer in the steps before it had a gradient norm', () => {
    const h = new History();
    h.add(1, 1, 0.1, { ...detail(1), gradNorms: { memory: 1 } });
    h.add(2, 1, 0.1, detail(2));
    assert.deepEqual(h.gradNorms(2).layers.get('out'), [NaN, 4]);
  });

  it('is filled by the session with loss, lr, gradient norms per layer and per time step, gate means, clipping', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(6);
    const steps = ok<HistoryView>(session.history()).steps;
    assert.deepEqual(
      steps.map((s) => s.step),
      [1, 2, 3, 4, 5],
    );
    const s1 = steps[0];
    assert.deepEqual(Object.keys(s1.gradNorms), ['memory', 'hidden', 'out']);
    assert.equal(s1.timeStepGradNorms.memory.length, 3);
    assert.ok(s1.timeStepGradNorms.memory.every((x) => x > 0));
    assert.deepEqual(Object.keys(s1.gateMeans).sort(), ['memory.gate_c', 'memory.gate_f', 'memory.gate_i', 'memory.gate_o']);
    assert.equal(typeof s1.clipped, 'boolean');
  });

  it('is the same after going back and running again', () => {
    const { session } = fakeSession();
    session.start();
    session.goto(8);
    const first = ok<HistoryView>(session.history()).steps;
    session.goto(2);
    session.goto(8);
    assert.deepEqual(ok<HistoryView>(session.history()).steps, first);
  });

  describe('validation series', () => {
    it('keeps each validation once, in order; accuracy null where the loss has none', () => {
      const h = new History();
      h.addValidation(5, 0.5, 0.8);
      h.addValidation(5, 9, 0);
      h.addValidation(10, 0.25, null);
      assert.deepEqual(h.validations(), [
        { step: 5, loss: 0.5, accuracy: 0.8 },
        { step: 10, loss: 0.25, accuracy: null },
      ]);
      assert.deepEqual(h.validations(9).map((v) => v.step), [5]);
    });

    it('stays bounded: past `detail` validations it keeps half of them, evenly, first and last included', () => {
      const h = new History({ detail: 16 });
      for (let step = 1; step <= 100; step++) h.addValidation(step, 1 / step, null);
      const steps = h.validations().map((v) => v.step);
      assert.ok(steps.length <= 16, `${steps.length} kept`);
      assert.equal(steps[steps.length - 1], 100);
      assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
      for (const v of h.validations()) assert.equal(v.loss, 1 / v.step);
    });

    it('forgets the validations after an edited step with the rest of the history', () => {
      const h = new History();
      for (let step = 1; step <= 6; step++) h.add(step, 1, 0.1, detail(step));
      for (const step of [2, 4, 6]) h.addValidation(step, step, null);
      h.truncate(4);
      assert.deepEqual(h.validations().map((v) => v.step), [2, 4]);
      h.addValidation(6, 7, null);
      assert.equal(h.validations()[2].loss, 7);
    });
  });
});
