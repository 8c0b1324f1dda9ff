import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConstantSchedule, ExponentialSchedule, StepSchedule } from '../../../engine/schedules';

const rate = fc.double({ min: 1e-4, max: 1, noNaN: true });
const factor = fc.double({ min: 0.05, max: 0.99, noNaN: true });

describe('schedules/decay', () => {
  it('constant: the same rate at every t', () => {
    const s = new ConstantSchedule({ base_lr: 0.3 });
    assert.deepEqual([0, 1, 17, 1000].map((t) => s.lrAt(t)), [0.3, 0.3, 0.3, 0.3]);
    assert.equal(s.formula, '\\eta_t = \\eta_0');
  });

  it('step: base_lr until t = s − 1, multiplied by γ exactly at every multiple of s', () => {
    fc.assert(
      fc.property(rate, factor, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 4 }), (base, gamma, s, k) => {
        const sched = new StepSchedule({ base_lr: base, step_size: s, gamma });
        assert.equal(sched.lrAt(k * s), base * gamma ** k);
        assert.equal(sched.lrAt(k * s + s - 1), base * gamma ** k, 'the last step before the drop');
        if (s > 1) assert.equal(sched.lrAt(k * s + 1), sched.lrAt(k * s));
      }),
    );
  });

  it('step: γ defaults to 0.1 and step_size is required', () => {
    assert.equal(new StepSchedule({ base_lr: 1, step_size: 2 }).lrAt(2), 0.1);
    assert.throws(() => new StepSchedule({ base_lr: 1 } as never), /schedule "step": option "step_size" \(steps between two decays s\) is required/);
    assert.throws(() => new StepSchedule({ base_lr: 1, step_size: 2.5 }), /option "step_size" .* must be an integer ≥ 1, got 2\.5/);
  });

  it('exponential: starts at base_lr and each step multiplies by γ', () => {
    fc.assert(
      fc.property(rate, factor, fc.integer({ min: 0, max: 50 }), (base, gamma, t) => {
        const s = new ExponentialSchedule({ base_lr: base, gamma });
        assert.equal(s.lrAt(0), base);
        const ratio = s.lrAt(t + 1) / s.lrAt(t);
        assert.ok(Math.abs(ratio - gamma) <= 1e-12 * gamma);
      }),
    );
  });

  it('describes itself: formula, parameters with meanings, a summary', () => {
    const s = new StepSchedule({ base_lr: 0.1, step_size: 7, gamma: 0.5 });
    assert.equal(s.formula, '\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t / s \\rfloor}');
    assert.deepEqual(s.params.map((p) => [p.name, p.value]), [['base_lr', 0.1], ['step_size', 7], ['gamma', 0.5]]);
    assert.ok(s.params.every((p) => p.meaning.length > 0));
    assert.equal(s.summary, '0.1, multiplied by 0.5 every 7 steps');
  });

  it('takes t as a count of steps: an integer ≥ 0', () => {
    const s = new ExponentialSchedule({ base_lr: 0.1, gamma: 0.9 });
    assert.throws(() => s.lrAt(-1), /schedule "exponential": t must be an integer ≥ 0 \(scheduler steps taken\), got -1/);
    assert.throws(() => s.lrAt(1.5), /got 1\.5/);
  });
});
