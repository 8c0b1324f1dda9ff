import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LIMITS } from '../../../engine/limits';
import { prescan } from '../../../engine/model/prescan';

const SAMPLES = path.join(__dirname, '../../../samples');

describe('the scan of a model file before it is parsed', () => {
  it('passes every sample', () => {
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.nn.yaml'))) assert.equal(prescan(readFileSync(path.join(SAMPLES, f), 'utf8')), null, f);
  });

  it('refuses a file over the size limit, pointing where the limit is crossed', () => {
    const over = prescan(`a: 1\n${'#'.repeat(LIMITS.fileChars.max)}\n`);
    assert.equal(over?.limit, LIMITS.fileChars);
    assert.deepEqual([over.range.line, over.range.column], [2, LIMITS.fileChars.max - 4]);
    assert.match(over.message, /`fileChars` is 1,000,000 characters/);
  });

  it('refuses nesting deeper than the limit, in brackets, compact lists or indentation, at the level that crosses it', () => {
    const depth = LIMITS.depth.max;
    const brackets = prescan(`a: ${'['.repeat(depth + 10)}1${']'.repeat(depth + 10)}\n`);
    assert.equal(brackets?.limit, LIMITS.depth);
    // The mapping is level 1; the bracket at column 3 + k opens level 1 + k.
    assert.deepEqual([brackets.range.line, brackets.range.column], [1, 3 + depth]);
    const compact = prescan(`model:\n  ${'- '.repeat(10_000)}tanh\n`);
    assert.equal(compact?.limit, LIMITS.depth);
    assert.equal(compact.range.line, 2);
    assert.ok(compact.range.column < 2 * depth, `column ${compact.range.column}`);
    const indented = Array.from({ length: depth + 5 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.equal(prescan(indented)?.limit, LIMITS.depth);
    assert.equal(prescan(`a: ${'['.repeat(depth - 2)}1${']'.repeat(depth - 2)}\n`), null, 'just under the limit');
  });

  it('refuses more values than the limit, and more aliases', () => {
    const values = prescan(`x: [${'1,'.repeat(LIMITS.nodes.max)}1]\n`);
    assert.equal(values?.limit, LIMITS.nodes);
    assert.equal(values.range.line, 1);
    const aliases = prescan(`a: &a 1\nb: [${'*a, '.repeat(LIMITS.aliases.max + 1)}]\n`);
    assert.equal(aliases?.limit, LIMITS.aliases);
    assert.match(aliases.message, /`aliases` is 100/);
  });

  it('does not count brackets, commas or asterisks in quoted text, comments or block scalars', () => {
    const deep = '['.repeat(LIMITS.depth.max * 2);
    const text = [`a: "${deep}"`, `b: '${deep} it''s'`, `# ${deep}`, 'c: |', `  ${deep}`, `  ${'*x '.repeat(200)}`, `d: x${'*'.repeat(200)}`, 'e: [1, 2]'].join('\n');
    assert.equal(prescan(text), null);
  });
});
