import { strict as assert } from 'node:assert';
import { TRAJECTORY_POINTS, Trajectory } from '../../../../engine/session/surface/trajectory';
import { Tensor } from '../../../../engine/tensor/tensor';

const param = (value: number): Tensor[] => [new Tensor(Float64Array.of(value, -value), [2], 'w')];

describe('the parameter trajectory', () => {
  it('keeps θ_k of each step once, in order; replays and truncation forget what no longer holds', () => {
    const t = new Trajectory();
    for (let k = 0; k <= 5; k++) t.record(k, param(k));
    t.record(3, param(99)); // a replay of step 3 records nothing
    assert.deepEqual(t.upTo(3).map((p) => [p.step, ...p.theta]), [[0, 0, -0], [1, 1, -1], [2, 2, -2], [3, 3, -3]]);
    t.truncate(2);
    t.record(3, param(30)); // step 3 again after an edit: its new value
    assert.deepEqual(t.upTo(Infinity).map((p) => p.theta[0]), [0, 1, 2, 30]);
  });

  it('stays bounded however long training runs: every other point goes, θ_0 and the order kept', () => {
    const t = new Trajectory(1000);
    for (let k = 0; k <= 2000; k++) t.record(k, param(k));
    const kept = t.upTo(Infinity);
    assert.ok(kept.length * 2 <= 1000, `${kept.length} points`);
    assert.equal(kept[0].step, 0);
    const stride = kept[1].step;
    assert.ok(kept.every((p, i) => p.step === i * stride && p.theta[0] === p.step));
    const many = new Trajectory();
    for (let k = 0; k <= 3 * TRAJECTORY_POINTS; k++) many.record(k, param(k));
    assert.ok(many.upTo(Infinity).length <= TRAJECTORY_POINTS);
  });

  it('keeps nothing, and reads no value, when θ alone is over the budget (a recording of a large model)', () => {
    const t = new Trajectory(3);
    let reads = 0;
    const big = new Tensor(new Float64Array(4), [4], 'w');
    Object.defineProperty(big, 'data', { get: () => (reads++, new Float64Array(4)) });
    for (let k = 0; k <= 3; k++) t.record(k, [big]);
    assert.deepEqual([t.upTo(Infinity).length, reads], [0, 0]);
    t.record(4, param(4)); // the counter went on: a smaller θ is recorded from the next step
    assert.deepEqual(t.upTo(Infinity).map((p) => p.step), [4]);
  });
});
