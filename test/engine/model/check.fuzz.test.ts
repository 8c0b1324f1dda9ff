import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkModel } from '../../../engine/model/check';
import { LIMITS } from '../../../engine/limits';
import { loadTrainer } from '../../../engine/train';

/**
 * Model files made hostile: samples with lines deleted, repeated, swapped, cut short, with keys and
 * names like `constructor`, odd numbers, deep nesting, CR line ends. Each goes through check and,
 * when it checks, build and three training steps. Properties: nothing is thrown, every problem has a
 * line and a column and no stack trace, and each stage ends within its time budget.
 */
const SAMPLES_DIR = path.join(__dirname, '../../../samples');
const SAMPLES = new Map(
  readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.nn.yaml'))
    .map((f) => [f, readFileSync(path.join(SAMPLES_DIR, f), 'utf8').split('\n')]),
);
const RUNS = 200;

const BUILT_IN_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const NUMBERS = ['0', '-1', '0.5', '3', '1000', '-0', '1e-320'];
/** Numbers no size should take: every size-like setting has a bound (`LIMITS`), so these end in check, or build and train like any other file. */
const HUGE = ['99999999999999999999', '1e308', '.inf', '.nan', '-1e300'];
const CHECK_MS = 2_000;
const TRAIN_MS = 10_000;

type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'swap' | 'truncate'; readonly at: number }
  | { readonly op: 'key' | 'name'; readonly at: number; readonly word: string }
  | { readonly op: 'number' | 'huge'; readonly at: number; readonly value: string }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly brackets: boolean }
  | { readonly op: 'cr' };

const at = fc.nat({ max: 10_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const, 'truncate' as const), at }),
  fc.record({ op: fc.constantFrom('key' as const, 'name' as const), at, word: fc.constantFrom(...BUILT_IN_WORDS) }),
  fc.record({ op: fc.constant('number' as const), at, value: fc.constantFrom(...NUMBERS) }),
  fc.record({ op: fc.constant('huge' as const), at, value: fc.constantFrom(...HUGE) }),
  fc.record({ op: fc.constant('nest' as const), at, depth: fc.integer({ min: 2, max: 3 * LIMITS.depth.max }), brackets: fc.boolean() }),
  fc.record({ op: fc.constant('cr' as const) }),
);

function mutate(lines: readonly string[], m: Mutation): string[] {
  if (m.op === 'cr') return [lines.join('\r')];
  const i = m.at % lines.length;
  const line = lines[i];
  const indent = /^\s*/.exec(line)![0];
  const put = (...replacement: string[]) => [...lines.slice(0, i), ...replacement, ...lines.slice(i + 1)];
  switch (m.op) {
    case 'delete':
      return put();
    case 'duplicate':
      return put(line, line);
    case 'swap':
      return i + 1 < lines.length ? put(lines[i + 1], line).filter((_, k) => k !== i + 2) : [...lines];
    case 'truncate':
      return [...lines.slice(0, i), line.slice(0, line.length >> 1)];
    case 'key':
      return put(`${indent}${m.word}: 1`, line);
    case 'name':
      return put(line.replace(/\b[a-z_]\w*\b/, m.word));
    case 'number':
    case 'huge':
      return put(line.replace(/-?\d+(\.\d+)?(e-?\d+)?/, m.value));
    case 'nest': {
      const deep = m.brackets ? `${'['.repeat(m.depth)}1${']'.repeat(m.depth)}` : `${'- '.repeat(m.depth)}1`;
      return put(`${indent}deep: ${m.brackets ? deep : ''}`, ...(m.brackets ? [] : [`${indent}  ${deep}`]));
    }
  }
}

function assertLocated(diagnostics: readonly { line: number; column: number; message: string }[], text: string): void {
  for (const d of diagnostics) {
    assert.ok(d.line >= 1 && d.column >= 1, `unlocated: ${d.message}\n${text}`);
    assert.ok(!/\n\s+at /.test(d.message), `stack trace in: ${d.message}`);
  }
}

describe('checking mutated model files (fuzz, fixed seed)', () => {
  it('never throws, locates every problem, and trains what checks, each within its budget', function () {
    this.timeout(60_000);
    let trained = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES.keys()), fc.array(mutation, { minLength: 1, maxLength: 4 }), (sample, mutations) => {
        const text = mutations.reduce((lines, m) => mutate(lines, m), SAMPLES.get(sample)!).join('\n');
        const t0 = performance.now();
        const checked = checkModel(text);
        assert.ok(performance.now() - t0 < CHECK_MS, `check took ${(performance.now() - t0).toFixed(0)} ms`);
        assertLocated(checked.diagnostics, text);
        if (!checked.model) return;
        const t1 = performance.now();
        const loaded = loadTrainer(text, { recordValues: false });
        if (loaded.kind === 'invalid') assert.fail('the same text checked once and not twice');
        if (loaded.kind === 'failed') assert.fail(`checks, but the build fails: ${loaded.error.message}\n${text}`);
        try {
          for (let s = 0; s < 3; s++) loaded.trainer.beginStep().finish();
        } catch (e) {
          assert.fail(`checks, but training fails: ${(e as Error).message}\n${sample}: ${JSON.stringify(mutations)}`);
        }
        assert.ok(performance.now() - t1 < TRAIN_MS, `build and 3 steps took ${(performance.now() - t1).toFixed(0)} ms`);
        trained++;
      }),
      { seed: 13, numRuns: RUNS },
    );
    assert.ok(trained > RUNS / 20, `only ${trained} of ${RUNS} mutated files checked and trained`);
  });
});
