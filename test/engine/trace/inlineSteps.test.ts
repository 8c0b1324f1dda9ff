import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findInlineSteps } from '../../../engine/trace/inlineSteps';

/** A version-1 index's steps found by one pass over its text (strings and brackets), none parsed. */
const TEXT = readFileSync(path.resolve(__dirname, '../../fixtures/trace/mlp.bstrace'), 'utf8');

describe('findInlineSteps (engine/trace/inlineSteps.ts)', () => {
  it('finds each step of the committed version-1 recording: its number, and a span that parses to the step', () => {
    const found = findInlineSteps(TEXT)!;
    const index = JSON.parse(TEXT) as { steps: { step: number }[] };
    assert.deepEqual(found.steps.map((s) => s.step), index.steps.map((s) => s.step));
    found.steps.forEach((s, k) => assert.deepEqual(JSON.parse(TEXT.slice(s.start, s.end)), index.steps[k]));
    assert.deepEqual(JSON.parse(found.header), { ...index, steps: [] });
  });

  it('follows strings with escaped quotes and brackets inside them', () => {
    const text = '{"a":"x\\\\","b":"]\\"}","steps":[ {"step":-3,"s":"}]"} , {"step":4,"t":["{"]}],"c":1}';
    const found = findInlineSteps(text)!;
    assert.deepEqual(found.steps.map((s) => [s.step, JSON.parse(text.slice(s.start, s.end))]), [[-3, { step: -3, s: '}]' }], [4, { step: 4, t: ['{'] }]]);
    assert.deepEqual(JSON.parse(found.header), { a: 'x\\', b: ']"}', steps: [], c: 1 });
  });

  it('null for a text not laid out as the recorder writes it (the reader then parses it whole)', () => {
    for (const text of ['{"format": ', '{"steps":[{"step":1,"a":2} x {"step":2}]}', '{"steps":[1,2]}', '{"steps":[{"lr":1,"step":2}]}', '{"steps":[{"step":1.5,"a":1}]}', '{"steps":{}}', '{"x":1}', '{"steps":[{"step":1,"a":"]}', '{"steps":[]}}']) {
      assert.equal(findInlineSteps(text), null, text);
    }
  });
});
