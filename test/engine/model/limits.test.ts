import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { count, DEFAULT_BUDGET } from '../../../engine/model/budget';
import { LIMITS } from '../../../engine/model/limits';

const README = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

describe('the table of limits', () => {
  it('is what the README states, limit by limit', () => {
    for (const limit of Object.values(LIMITS)) {
      assert.ok(README.includes(`| \`${limit.name}\` | ${count(limit.max)} ${limit.unit} |`), `README lacks the row of ${limit.name}`);
    }
    for (const n of Object.values(DEFAULT_BUDGET)) assert.ok(README.replace(/\n/g, ' ').includes(count(n)), `README lacks the budget ${count(n)}`);
  });

  it('names each limit by its key', () => {
    for (const [key, limit] of Object.entries(LIMITS)) assert.equal(limit.name, key);
  });
});
