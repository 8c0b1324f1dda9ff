import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MODEL_FILE, mutatedText, runModelFile } from '../../../tools/fuzz/model-file';
import { isGood } from '../../../tools/fuzz/property';

/**
 * Model files made hostile (tools/fuzz/model-file.ts: samples with lines deleted, repeated, swapped,
 * cut short, keys and names like `constructor`, odd and huge numbers, deep nesting, CR line ends)
 * go through check and, when they check, build and three training steps. Nothing is thrown, every
 * problem has a line and a column and no stack trace, and each stage ends within its time bound.
 * `npm run fuzz` runs the same property longer, with a random seed.
 */
const RUNS = 200;

describe('checking mutated model files (fuzz, fixed seed)', () => {
  it('never throws, locates every problem, and trains what checks, each within its budget', function () {
    this.timeout(60_000);
    let trained = 0;
    let trainedHuge = 0;
    fc.assert(
      fc.property(MODEL_FILE.arbitrary, (file) => {
        const verdict = runModelFile(file);
        assert.ok(isGood(verdict), `${verdict.outcome}: ${verdict.detail}\n${file.sample}: ${JSON.stringify(file.mutations)}\n${mutatedText(file)}`);
        if (verdict.outcome === 'ok') trained++;
        if (verdict.outcome === 'ok' && file.mutations.some((m) => m.op === 'huge')) trainedHuge++;
      }),
      { seed: 13, numRuns: RUNS },
    );
    assert.ok(trained > RUNS / 20, `only ${trained} of ${RUNS} mutated files checked and trained`);
    assert.ok(trainedHuge > 0, 'no file with a huge number got as far as training');
  });
});
