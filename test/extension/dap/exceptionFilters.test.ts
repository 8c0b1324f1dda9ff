import * as assert from 'node:assert/strict';
import { exceptionFilterOffers } from '../../../engine/session/startup';
import { CONDITION_NOTE, dapFilters, parseThreshold, readBreakOn, readFilterRequest } from '../../../extension/dap/exceptionFilters';

/** The engine's filter offers in DAP's words, and thresholds written as conditions. */
const offers = exceptionFilterOffers({ file: 'm.nn.yaml', text: 'data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\ndebug: { break_on: { exploding: 50 } }\n' });

describe('exception filters: DAP', () => {
  it('offers are DAP filters: on is the default, a threshold makes a condition', () => {
    const filters = dapFilters(offers);
    const exploding = filters.find((f) => f.filter === 'exploding')!;
    assert.deepEqual([exploding.label, exploding.default, exploding.supportsCondition], ['Exploding gradients: ‖∇‖ > 50', true, true]);
    assert.match(exploding.conditionDescription ?? '', /empty: the one in the label/);
    // A condition is drawn after a label that keeps the offered threshold: the hover says which holds.
    assert.ok(exploding.description?.endsWith(` ${CONDITION_NOTE}`), exploding.description);
    assert.equal(filters.find((f) => f.filter === 'nan_inf')!.description?.includes(CONDITION_NOTE), false);
    assert.deepEqual(
      filters.filter((f) => !f.supportsCondition).map((f) => f.filter),
      ['nan_inf', 'op_error'],
    );
  });

  it('a threshold is a positive number, optionally after a comparison sign', () => {
    assert.equal(parseThreshold('exploding', '100'), 100);
    assert.equal(parseThreshold('exploding', '> 100'), 100);
    assert.equal(parseThreshold('vanishing', '<1e-6'), 1e-6);
    assert.match(String(parseThreshold('exploding', '-3')), /positive number, got -3/);
    assert.match(String(parseThreshold('exploding', 'big')), /positive number, got "big"/);
    assert.match(String(parseThreshold('dead_relu', '1.5')), /fraction in \(0, 1\], got 1.5/);
  });

  it('reads filters and filter options, one answer per request, bad ones unverified; an empty condition is the offered threshold', () => {
    const r = readFilterRequest({ filters: ['nan_inf', 'bogus'], filterOptions: [{ filterId: 'exploding' }, { filterId: 'vanishing', condition: '1e-3' }, { filterId: 'op_error', condition: 'ignored' }] }, offers);
    assert.deepEqual(r.settings, [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 50 }, { filter: 'vanishing', threshold: 1e-3 }, { filter: 'op_error' }]);
    assert.deepEqual(
      r.results.map((b) => b.verified),
      [true, false, true, true, true],
    );
    assert.match(r.results[1].message ?? '', /unknown exception filter "bogus"/);
  });

  it('the launch option breakOn, checked against the table', () => {
    assert.deepEqual(readBreakOn({ nan_inf: true, exploding: 10, vanishing: false }), [{ filter: 'nan_inf' }, { filter: 'exploding', threshold: 10 }]);
    assert.deepEqual(readBreakOn({ vanishing: true }), [{ filter: 'vanishing' }]);
    assert.match(String(readBreakOn([])), /is an object/);
    assert.match(String(readBreakOn({ nan_inf: 3 })), /`breakOn.nan_inf` is true or false, got 3/);
    assert.match(String(readBreakOn({ exploding: 'big' })), /true, false or a threshold number/);
    assert.match(String(readBreakOn({ dead_relu: 2 })), /`breakOn.dead_relu`: .*fraction in \(0, 1\]/);
  });
});
