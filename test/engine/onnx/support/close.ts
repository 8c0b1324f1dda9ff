import { strict as assert } from 'node:assert';

/** Every |ours − theirs| ≤ rtol·|theirs| + atol, naming the first element that is not. */
export function close(what: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, rtol: number, atol: number): void {
  assert.equal(ours.length, theirs.length, `${what}: ${ours.length} values, expected ${theirs.length}`);
  for (let i = 0; i < ours.length; i++) {
    assert.ok(Math.abs(ours[i] - theirs[i]) <= rtol * Math.abs(theirs[i]) + atol, `${what}[${i}]: Backstep ${ours[i]}, expected ${theirs[i]}`);
  }
}
