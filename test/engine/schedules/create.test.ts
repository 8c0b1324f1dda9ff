import assert from 'node:assert/strict';
import { BackstepError } from '../../../engine/errors';
import { CosineSchedule, createSchedule, SCHEDULE_KINDS, type ScheduleSpec } from '../../../engine/schedules';

function rejects(options: unknown, message: RegExp): void {
  assert.throws(
    () => createSchedule(options as ScheduleSpec),
    (e: unknown) => e instanceof BackstepError && e.code === 'E_ATTR' && message.test(e.message),
  );
}

describe('schedules/create', () => {
  it('builds a schedule from a model file’s plain options', () => {
    const s = createSchedule({ kind: 'cosine', base_lr: 0.1, T_max: 20, eta_min: 0.001 });
    assert.ok(s instanceof CosineSchedule);
    assert.equal(s.kind, 'cosine');
    assert.equal(s.lrAt(20), 0.001);
    assert.deepEqual(SCHEDULE_KINDS, ['constant', 'step', 'exponential', 'cosine', 'warmup', 'warmup_cosine']);
  });

  it('takes base_lr from the caller (the training lr) when the options leave it out', () => {
    assert.equal(createSchedule({ kind: 'exponential', gamma: 0.5 }, { base_lr: 0.4 }).lrAt(1), 0.2);
    assert.equal(createSchedule({ kind: 'constant', base_lr: 0.3 }, { base_lr: 0.4 }).lrAt(0), 0.3, 'the options win');
  });

  it('lets T_max default to the steps after the warm-up', () => {
    const cosine = createSchedule({ kind: 'cosine', eta_min: 0.01 }, { base_lr: 1, total_steps: 50 });
    assert.equal(cosine.params.find((p) => p.name === 'T_max')?.value, 50);
    const warm = createSchedule({ kind: 'warmup_cosine', warmup_steps: 10 }, { base_lr: 1, total_steps: 50 });
    assert.equal(warm.params.find((p) => p.name === 'T_max')?.value, 40);
    assert.equal(warm.lrAt(50), 0);
    assert.equal(createSchedule({ kind: 'cosine', T_max: 7 }, { base_lr: 1, total_steps: 50 }).params[1].value, 7, 'the options win');
    rejects({ kind: 'cosine', base_lr: 1 }, /schedule "cosine": option "T_max" .* is required/);
  });

  it('names what is wrong', () => {
    rejects({ kind: 'cosine', T_max: 20 }, /schedule "cosine": option "base_lr" \(base learning rate\) is required/);
    rejects({ kind: 'cosine', base_lr: 0.1, Tmax: 20 }, /schedule "cosine": unknown option "Tmax"; expected "base_lr", "T_max", "eta_min"/);
    rejects({ kind: 'cosine', base_lr: 0.1, T_max: 20, eta_min: -1 }, /option "eta_min" .* must be a number ≥ 0, got -1/);
    rejects({ kind: 'linear', base_lr: 0.1 }, /unknown schedule kind "linear"; expected one of constant, step, exponential, cosine, warmup, warmup_cosine/);
  });
});
