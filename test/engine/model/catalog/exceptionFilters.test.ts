import assert from 'node:assert/strict';
import { EXCEPTION_FILTERS, exceptionFilterDef, FILE_FILTERS, labelWithThreshold, switchDoc, thresholdProblem } from '../../../../engine/model/catalog/exceptionFilters';
import { BREAKPOINTS } from '../../../../engine/model/catalog/training';
import { parseModel } from '../../../../engine/model/parse';
import { modelSchema } from '../../../../engine/model/schema';

/** The one table of exception filters, and what the model file's catalogue and schema derive from it. */
describe('exception filters table', () => {
  it('the defaults: NaN/Inf and op errors on, the thresholded filters off', () => {
    assert.deepEqual(
      EXCEPTION_FILTERS.map((f) => [f.filter, f.on]),
      [
        ['nan_inf', true],
        ['exploding', false],
        ['vanishing', false],
        ['dead_relu', false],
        ['op_error', true],
      ],
    );
  });

  // What a filter applies when it is on without a threshold (`true` in a file, an empty condition).
  for (const [filter, threshold, text] of [
    ['exploding', 100, '100'],
    ['vanishing', 1e-6, '1e-6'],
    ['dead_relu', 0.9, '0.9'],
  ] as const) {
    it(`${filter} on without a threshold means ${threshold}, in the table, the file and the docs`, () => {
      assert.equal(exceptionFilterDef(filter)!.threshold!.default, threshold);
      const spec = parseModel(`data: { task: xor }\nmodel: [linear: { out: 1 }]\nloss: mse\ndebug: { break_on: { ${filter}: true } }\n`).spec!;
      assert.equal(spec.debug.breakOn[filter], threshold);
      assert.ok(BREAKPOINTS[filter].doc.endsWith(`(true: ${text}).`), BREAKPOINTS[filter].doc);
    });
  }

  it('a threshold is above its minimum and at most its maximum', () => {
    const exploding = exceptionFilterDef('exploding')!;
    const dead = exceptionFilterDef('dead_relu')!;
    assert.equal(thresholdProblem(exploding, 1e9), null);
    assert.match(thresholdProblem(exploding, 0)!, /positive number, got 0/);
    assert.equal(thresholdProblem(dead, 1), null);
    assert.match(thresholdProblem(dead, 1.5)!, /fraction in \(0, 1\], got 1.5/);
    assert.match(thresholdProblem(exceptionFilterDef('nan_inf')!, 3)!, /takes no threshold/);
    for (const f of EXCEPTION_FILTERS.filter((d) => d.threshold)) assert.equal(thresholdProblem(f, f.threshold!.default), null, f.filter);
  });

  it('labels carry the threshold an empty condition means', () => {
    assert.equal(labelWithThreshold(exceptionFilterDef('exploding')!, 100), 'Exploding gradients: ‖∇‖ > 100');
    assert.equal(labelWithThreshold(exceptionFilterDef('vanishing')!, undefined), 'Vanishing gradients: ‖∇‖ < 1e-6');
    assert.equal(labelWithThreshold(exceptionFilterDef('dead_relu')!, 0.25), 'Dead ReLUs: dead fraction ≥ 0.25');
    assert.equal(labelWithThreshold(exceptionFilterDef('nan_inf')!, undefined), 'NaN or Inf');
  });

  it('the catalogue\'s debug.break_on and the JSON Schema are derived from it', () => {
    assert.deepEqual(
      Object.keys(BREAKPOINTS),
      FILE_FILTERS.map((f) => f.filter),
    );
    const breakOn = ((modelSchema().definitions as Record<string, { properties: Record<string, { properties: Record<string, { description: string; default: unknown; anyOf?: unknown[] }> }> }>).debug.properties.break_on).properties;
    for (const f of FILE_FILTERS) {
      assert.equal(BREAKPOINTS[f.filter].doc, switchDoc(f), f.filter);
      assert.equal(breakOn[f.filter].description, switchDoc(f), f.filter);
      assert.equal(breakOn[f.filter].default, f.on, f.filter);
      if (f.threshold) assert.deepEqual(breakOn[f.filter].anyOf![1], { type: 'number', exclusiveMinimum: f.threshold.min, ...(f.threshold.max !== undefined ? { maximum: f.threshold.max } : {}) });
    }
  });
});
