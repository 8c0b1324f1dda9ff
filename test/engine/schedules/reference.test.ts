import { createSchedule, lrCurve, type ScheduleSpec } from '../../../engine/schedules';
import { assertMatches, referenceCases } from '../../support/reference';

// README §7: lrs[t] is the rate of the (t+1)-th optimizer step, i.e. lrAt(t) for t = 0..N−1.
describe('schedules: reference lr_schedules', () => {
  for (const c of referenceCases('lr_schedules')) {
    it(`matches the reference case ${c.name}`, () => {
      const { schedule, num_steps, ...options } = c.attrs ?? {};
      const s = createSchedule({ ...options, kind: schedule } as ScheduleSpec);
      assertMatches('lrs', lrCurve(s, Number(num_steps)), c.lrs);
    });
  }
});
