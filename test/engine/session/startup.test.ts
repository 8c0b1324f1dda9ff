import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../../engine/model/parse';
import { exceptionFilterOffers, startupOf } from '../../../engine/session/startup';
import { FAKE_MODEL } from '../../support/fake-trainer';

/** Start-up is decided in one place: the launch overrides, else the file's `debug:`, else the table. */
const LSTM = join(__dirname, '..', '..', '..', 'samples', 'lstm-memory.nn.yaml');
const debugOf = (text: string) => parseModel(text).spec!.debug;

describe('session start-up', () => {
  it('stop on entry: the launch configuration, else the file, else yes', () => {
    const quiet = debugOf(`${FAKE_MODEL}debug: { stop_on_entry: false }\n`);
    assert.equal(startupOf(quiet).stopOnEntry, false);
    assert.equal(startupOf(quiet, { stopOnEntry: true }).stopOnEntry, true);
    assert.equal(startupOf(null).stopOnEntry, true);
  });

  it('filters: the launch configuration, else the file, else the table; a failing op always stops', () => {
    const file = debugOf(`${FAKE_MODEL}debug: { break_on: { nan_inf: false, exploding: 50 } }\n`);
    assert.deepEqual(startupOf(file).filters, [{ filter: 'exploding', threshold: 50 }, { filter: 'op_error' }]);
    assert.deepEqual(startupOf(file, { exceptionFilters: [{ filter: 'vanishing', threshold: 1e-3 }] }).filters, [{ filter: 'vanishing', threshold: 1e-3 }, { filter: 'op_error' }]);
    assert.deepEqual(startupOf(null).filters, [{ filter: 'nan_inf' }, { filter: 'op_error' }]);
  });

  it('offers lstm-memory.nn.yaml\'s break_on ticked, with its thresholds in the labels', () => {
    const text = readFileSync(LSTM, 'utf8');
    const offers = exceptionFilterOffers({ file: LSTM, text });
    const breakOn = debugOf(text).breakOn;
    assert.deepEqual(
      offers.map((o) => [o.filter, o.on, o.threshold]),
      [
        ['nan_inf', breakOn.nan_inf, undefined],
        ['exploding', true, breakOn.exploding],
        ['vanishing', true, breakOn.vanishing],
        ['dead_relu', false, 0.9],
        ['op_error', true, undefined],
      ],
    );
    assert.equal(offers[1].label, `Exploding gradients: ‖∇‖ > ${breakOn.exploding}`);
    assert.match(offers[1].description, /^On in lstm-memory\.nn\.yaml \(debug\.break_on\)\. Stop when/);
    assert.doesNotMatch(offers[3].description, /^On in/);
  });

  it('a launch configuration\'s breakOn is what is offered, and says so', () => {
    const offers = exceptionFilterOffers({ file: 'm.nn.yaml', text: FAKE_MODEL, launch: { exceptionFilters: [{ filter: 'dead_relu', threshold: 0.5 }] } });
    const dead = offers.find((o) => o.filter === 'dead_relu')!;
    assert.deepEqual([dead.on, dead.threshold, dead.label], [true, 0.5, 'Dead ReLUs: dead fraction ≥ 0.5']);
    assert.match(dead.description, /^On in the launch configuration \(breakOn\)/);
    assert.equal(offers.find((o) => o.filter === 'nan_inf')!.on, false);
  });

  it('without a source, or with a file that cannot be read, the table\'s defaults', () => {
    for (const offers of [exceptionFilterOffers(null), exceptionFilterOffers({ file: 'bad.nn.yaml', text: ': : :' })]) {
      assert.deepEqual(
        offers.map((o) => [o.filter, o.on, o.label]),
        [
          ['nan_inf', true, 'NaN or Inf'],
          ['exploding', false, 'Exploding gradients: ‖∇‖ > 100'],
          ['vanishing', false, 'Vanishing gradients: ‖∇‖ < 1e-6'],
          ['dead_relu', false, 'Dead ReLUs: dead fraction ≥ 0.9'],
          ['op_error', true, 'Op errors'],
        ],
      );
    }
  });
});
