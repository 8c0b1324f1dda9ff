import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CosineSchedule } from '../../../engine/schedules';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 + 1e-12 * Math.abs(b);

describe('schedules/cosine', () => {
  it('starts at base_lr and reaches eta_min exactly at T_max', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.009, noNaN: true }), fc.integer({ min: 1, max: 100 }), (base, etaMin, T) => {
        const s = new CosineSchedule({ base_lr: base, T_max: T, eta_min: etaMin });
        assert.equal(s.lrAt(0), base);
        assert.equal(s.lrAt(T), etaMin);
      }),
    );
  });

  it('decreases over [0, T_max]', () => {
    const s = new CosineSchedule({ base_lr: 0.1, T_max: 20, eta_min: 0.001 });
    for (let t = 0; t < 20; t++) assert.ok(s.lrAt(t + 1) < s.lrAt(t), `t = ${t}`);
  });

  it('is not clamped after T_max: it rises again along the same cosine, mirrored around T_max, period 2·T_max', () => {
    const s = new CosineSchedule({ base_lr: 0.1, T_max: 20, eta_min: 0.001 });
    for (let k = 1; k <= 20; k++) {
      assert.ok(close(s.lrAt(20 + k), s.lrAt(20 - k)), `k = ${k}`);
      assert.ok(s.lrAt(20 + k) > s.lrAt(20 + k - 1));
    }
    assert.ok(close(s.lrAt(40), 0.1));
    assert.ok(close(s.lrAt(47), s.lrAt(7)));
  });

  it('eta_min defaults to 0; T_max must be a positive integer', () => {
    assert.equal(new CosineSchedule({ base_lr: 1, T_max: 4 }).lrAt(2), 0.5 * (1 + Math.cos(Math.PI / 2)));
    assert.throws(() => new CosineSchedule({ base_lr: 1, T_max: 0 }), /schedule "cosine": option "T_max" .* must be an integer ≥ 1, got 0/);
    assert.match(new CosineSchedule({ base_lr: 1, T_max: 4 }).formula, /\\cos\\frac\{\\pi t\}\{T_\{\\max\}\}/);
  });
});
