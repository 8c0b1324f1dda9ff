import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LIMITS } from '../../engine/limits';
import { checkModel } from '../../engine/model/check';
import { loadTrainer } from '../../engine/train';
import type { FuzzProperty, Verdict } from './property';

/**
 * Model files made hostile: samples with lines deleted, repeated, swapped, cut short, with keys and
 * names like `constructor`, odd and huge numbers, deep nesting, CR line ends. Each goes through check
 * and, when it checks, build and three training steps. Good: nothing is thrown, every problem has a
 * line and a column and no stack trace, and each stage ends within its time bound.
 */
const SAMPLES_DIR = path.join(__dirname, '../../samples');
const SAMPLES = new Map(
  readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.nn.yaml'))
    .map((f) => [f, readFileSync(path.join(SAMPLES_DIR, f), 'utf8').split('\n')]),
);

const BUILT_IN_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const NUMBERS = ['0', '-1', '0.5', '3', '1000', '-0', '1e-320'];
/** Numbers no size should take: every size-like setting is bounded (`LIMITS`) before it allocates. */
const HUGE = ['99999999999999999999', '1e308', '.inf', '.nan', '-1e300'];
export const CHECK_MS = 2_000;
export const TRAIN_MS = 10_000;
const STEPS = 3;

export type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'swap' | 'truncate'; readonly at: number }
  | { readonly op: 'key' | 'name'; readonly at: number; readonly word: string }
  | { readonly op: 'number' | 'huge'; readonly at: number; readonly value: string }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly brackets: boolean }
  | { readonly op: 'cr' };

export interface MutatedFile {
  readonly sample: string;
  readonly mutations: readonly Mutation[];
}

const at = fc.nat({ max: 10_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const, 'truncate' as const), at }),
  fc.record({ op: fc.constantFrom('key' as const, 'name' as const), at, word: fc.constantFrom(...BUILT_IN_WORDS) }),
  fc.record({ op: fc.constant('number' as const), at, value: fc.constantFrom(...NUMBERS) }),
  fc.record({ op: fc.constant('huge' as const), at, value: fc.constantFrom(...HUGE) }),
  fc.record({ op: fc.constant('nest' as const), at, depth: fc.integer({ min: 2, max: 3 * LIMITS.depth.max }), brackets: fc.boolean() }),
  fc.record({ op: fc.constant('cr' as const) }),
);

const mutatedFile: fc.Arbitrary<MutatedFile> = fc.record({
  sample: fc.constantFrom(...SAMPLES.keys()),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

export function mutatedText(file: MutatedFile): string {
  return file.mutations.reduce((lines, m) => mutate(lines, m), SAMPLES.get(file.sample)!).join('\n');
}

function mutate(lines: readonly string[], m: Mutation): string[] {
  if (m.op === 'cr') return [lines.join('\r')];
  if (lines.length === 0) return [];
  if (lines.length === 0) return [];
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

/** Check; when it checks, build and train three steps. */
export function runModelFile(file: MutatedFile): Verdict {
  const text = mutatedText(file);
  try {
    return checkThenTrain(text);
  } catch (e) {
    return { outcome: 'crash', detail: (e as Error).stack ?? String(e) };
  }
}

function checkThenTrain(text: string): Verdict {
  const t0 = performance.now();
  const checked = checkModel(text);
  const checkMs = performance.now() - t0;
  const unlocated = checked.diagnostics.find((d) => !(d.line >= 1 && d.column >= 1) || /\n\s+at /.test(d.message));
  if (unlocated) return { outcome: 'unlocated', detail: `${unlocated.code} ${unlocated.message}` };
  if (checkMs > CHECK_MS) return { outcome: 'hang', detail: `check took ${checkMs.toFixed(0)} ms (bound ${CHECK_MS})` };
  if (!checked.model) return { outcome: 'located' };
  const t1 = performance.now();
  const loaded = loadTrainer(text, { recordValues: false });
  if (loaded.kind === 'invalid') return { outcome: 'crash', detail: 'the same text checked once and not twice' };
  if (loaded.kind === 'failed') return { outcome: 'crash', detail: `checks, but the build fails: ${loaded.error.message}` };
  try {
    for (let s = 0; s < STEPS; s++) loaded.trainer.beginStep().finish();
  } catch (e) {
    return { outcome: 'crash', detail: `checks, but training fails: ${(e as Error).message}` };
  }
  const trainMs = performance.now() - t1;
  if (trainMs > TRAIN_MS) return { outcome: 'hang', detail: `build and ${STEPS} steps took ${trainMs.toFixed(0)} ms (bound ${TRAIN_MS})` };
  return { outcome: 'ok' };
}

export const MODEL_FILE: FuzzProperty<MutatedFile> = {
  name: 'model',
  inputs: 'model files',
  passed: `checked ok, built and trained ${STEPS} steps`,
  arbitrary: mutatedFile,
  timeBoundMs: CHECK_MS + TRAIN_MS,
  run: runModelFile,
  keep: (file) => ({ ext: 'nn.yaml', text: mutatedText(file) }),
};
