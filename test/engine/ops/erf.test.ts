import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../../engine/ops';
import { erf } from '../../../engine/ops/erf';
import { gradcheck, opFn, tensorArb } from '../../support/gradcheck';

describe('erf', () => {
  it('matches known values to float64 precision', () => {
    // erf(0.5), erf(1), erf(2), erf(3) to 16 digits (Abramowitz & Stegun, Table 7.1).
    const known: [number, number][] = [[0, 0], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3, 0.9999779095030014]];
    for (const [x, v] of known) {
      assert.ok(Math.abs(erf(x) - v) < 2e-15, `erf(${x}) = ${erf(x)}`);
      assert.ok(Math.abs(erf(-x) + v) < 2e-15, 'odd');
    }
    assert.equal(erf(10), 1);
  });

  it('is continuous where the series meets the continued fraction (2.5)', () => {
    assert.ok(Math.abs(erf(2.5 - 1e-12) - erf(2.5)) < 1e-13);
  });

  it('gradient 2/√π e^{−x²} matches finite differences', () => {
    fc.assert(fc.property(tensorArb([5], -3, 3), (x) => gradcheck(opFn('erf'), [x])), { numRuns: 10 });
  });
});
