import * as assert from 'node:assert/strict';
import { fromBreakOn, parseThreshold, readBreakOn, readFilterRequest, unionFilters } from '../../../extension/dap/exceptionFilters';

describe('exception filters: thresholds as conditions', () => {
  it('a threshold is a positive number, optionally after a comparison sign', () => {
    assert.equal(parseThreshold('exploding', '100'), 100);
    assert.equal(parseThreshold('exploding', '> 100'), 100);
    assert.equal(parseThreshold('vanishing', '<1e-6'), 1e-6);
    assert.match(String(parseThreshold('exploding', '-3')), /positive number, got "-3"/);
    assert.match(String(parseThreshold('exploding', '')), /positive number/);
    assert.match(String(parseThreshold('dead_relu', '1.5')), /fraction in \(0, 1\], got 1.5/);
  });

  it('reads filters and filter options, one answer per request, bad ones unverified', () => {
    const r = readFilterRequest({ filters: ['nan_inf', 'bogus'], filterOptions: [{ filterId: 'exploding', condition: '50' }, { filterId: 'op_error', condition: 'ignored' }] });
    assert.deepEqual(r.settings, [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 50 }, { filter: 'op_error' }]);
    assert.deepEqual(
      r.results.map((b) => b.verified),
      [true, false, true, true],
    );
    assert.match(r.results[1].message ?? '', /unknown exception filter "bogus"/);
  });

  it('the file\'s break_on as settings', () => {
    assert.deepEqual(fromBreakOn({ nan_inf: true, exploding: 100, vanishing: false, dead_relu: 0.9 }), [
      { filter: 'nan_inf' },
      { filter: 'exploding', threshold: 100 },
      { filter: 'dead_relu', threshold: 0.9 },
    ]);
  });

  it('the launch option breakOn, checked', () => {
    assert.deepEqual(readBreakOn({ nan_inf: true, exploding: 10, vanishing: false }), [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 10 }]);
    assert.match(String(readBreakOn([])), /is an object/);
    assert.match(String(readBreakOn({ nan_inf: 3 })), /`breakOn.nan_inf` is true or false, got 3/);
    assert.match(String(readBreakOn({ exploding: 'big' })), /true, false or a threshold number/);
  });

  it('union: the UI adds to the file; a UI threshold wins, an empty UI condition keeps the file\'s', () => {
    const file = [{ filter: 'nan_inf' as const }, { filter: 'exploding' as const, threshold: 100 }];
    assert.deepEqual(unionFilters(file, [{ filter: 'exploding' }]), file);
    assert.deepEqual(unionFilters(file, [{ filter: 'exploding', threshold: 5 }, { filter: 'op_error' }]), [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 5 }, { filter: 'op_error' }]);
  });
});
