import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceSteps } from '../../../engine/train';
import { goldenText } from '../../../tools/cli/golden';
import { SAMPLES, sampleTrainer } from '../../engine/train/support';

/**
 * Golden text traces: the first 2 training steps of every sample, one line per event (phase, name,
 * op, shape, min/max to 6 significant digits), kept in test/golden/. A difference fails the test;
 * the files are rewritten only on purpose, with UPDATE_GOLDEN=1.
 */
const GOLDEN_DIR = join(__dirname, '..', '..', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden traces of the samples (UPDATE_GOLDEN=1 rewrites them)', () => {
  for (const name of SAMPLES) {
    it(`${name}: the first 2 training steps match test/golden/${name}.trace.txt`, () => {
      const text = goldenText(traceSteps(sampleTrainer(name), 2), `samples/${name}.nn.yaml`);
      const file = join(GOLDEN_DIR, `${name}.trace.txt`);
      if (update) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, text);
        return;
      }
      assert.ok(existsSync(file), `no golden file ${file}; create it with UPDATE_GOLDEN=1`);
      const expected = readFileSync(file, 'utf8').split('\n');
      const actual = text.split('\n');
      const first = actual.findIndex((line, i) => line !== expected[i]);
      assert.ok(first < 0 && actual.length === expected.length, `line ${first + 1} differs:\n  golden: ${expected[first]}\n  now:    ${actual[first]}`);
    });
  }
});
