import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WarmupCosineSchedule, WarmupSchedule } from '../../../engine/schedules';

describe('schedules/warmup', () => {
  it('linear warm-up starts at start_factor·base_lr, rises by equal steps and never reaches base_lr', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 20 }), (base, sf, W) => {
        const s = new WarmupSchedule({ base_lr: base, warmup_steps: W, start_factor: sf });
        assert.equal(s.lrAt(0), base * sf);
        for (let t = 0; t < W; t++) {
          assert.ok(s.lrAt(t) < base, `t = ${t} is still warming up`);
          assert.ok(Math.abs(s.lrAt(t) - base * (sf + ((1 - sf) * t) / W)) <= 1e-15);
        }
        assert.equal(s.lrAt(W), base, 'base_lr is first used at t = W');
        assert.equal(s.lrAt(W + 10), base);
      }),
    );
  });

  it('warm-up then cosine: README values 0.01, 0.028, 0.046, 0.064, 0.082, then cosine from base_lr', () => {
    const s = new WarmupCosineSchedule({ base_lr: 0.1, warmup_steps: 5, start_factor: 0.1, T_max: 25, eta_min: 0 });
    [0.01, 0.028, 0.046, 0.064, 0.082].forEach((lr, t) => assert.ok(Math.abs(s.lrAt(t) - lr) < 1e-15, `t = ${t}: ${s.lrAt(t)}`));
    assert.equal(s.lrAt(5), 0.1);
    assert.equal(s.lrAt(30), 0);
    assert.ok(s.lrAt(31) > 0, 'past W + T_max the cosine rises again, unclamped');
  });

  it('names bad warm-up options', () => {
    assert.throws(() => new WarmupSchedule({ base_lr: 0.1, warmup_steps: 0 }), /schedule "warmup": option "warmup_steps" \(warm-up steps W\) must be an integer ≥ 1, got 0/);
    assert.throws(() => new WarmupSchedule({ base_lr: 0.1, warmup_steps: 3, start_factor: 0 }), /option "start_factor" .* must be a number in \(0, 1\], got 0/);
    assert.throws(() => new WarmupCosineSchedule({ base_lr: 0.1, warmup_steps: 3 } as never), /schedule "warmup_cosine": option "T_max" .* is required/);
  });

  it('shows both pieces in its formula', () => {
    const f = new WarmupCosineSchedule({ base_lr: 0.1, warmup_steps: 5, T_max: 25 }).formula;
    assert.match(f, /t < W/);
    assert.match(f, /\\pi \(t - W\)/);
  });
});
