import { strict as assert } from 'node:assert';
import { Checkpoints, snapshotBytes } from '../../../engine/session/checkpoints';

const snap = (completedSteps: number) => ({ completedSteps, state: { values: new Float64Array(4) } });

describe('session checkpoints', () => {
  it('keep every K-th step and at most max + 1, doubling K when full', () => {
    const cps = new Checkpoints(snap(0), { every: 1, max: 8 });
    for (let c = 1; c <= 1000; c++) cps.add(snap(c));
    assert.ok(cps.count <= 9, `${cps.count} kept`);
    assert.equal(cps.steps[0], 0);
    assert.ok(cps.steps.slice(1).every((c) => c % cps.every === 0));
    assert.ok(cps.every >= 1000 / 8);
  });

  it('drop the snapshots taken once a step had begun (an edit rewrote it), keeping the start, and take them again', () => {
    const cps = new Checkpoints(snap(0), { every: 2, max: 100 });
    for (let c = 1; c <= 20; c++) cps.add(snap(c));
    cps.dropFrom(7);
    assert.deepEqual(cps.steps, [0, 2, 4, 6]);
    cps.add(snap(8));
    assert.deepEqual(cps.steps, [0, 2, 4, 6, 8]);
    cps.dropFrom(0);
    assert.deepEqual(cps.steps, [0]);
  });

  it('give the latest snapshot at or before a step', () => {
    const cps = new Checkpoints(snap(0), { every: 4, max: 100 });
    for (let c = 1; c <= 20; c++) cps.add(snap(c));
    assert.equal(cps.atOrBefore(11).completedSteps, 8);
    assert.equal(cps.atOrBefore(12).completedSteps, 12);
    assert.equal(cps.atOrBefore(-1).completedSteps, 0);
  });

  it('fit their count to a memory budget', () => {
    const start = { completedSteps: 0, state: { values: new Float64Array(1000) } };
    assert.ok(snapshotBytes(start) >= 8000);
    const cps = new Checkpoints(start, { bytes: 8000 * 20 });
    assert.ok(cps.capacity <= 20 && cps.capacity >= 8, `capacity ${cps.capacity}`);
  });
});
