import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { dapCase, describeAction } from '../../tools/fuzz/dap/actions';
import { runDapCase, SAMPLE, SAMPLE_FIRST_LINE } from '../../tools/fuzz/dap/property';
import { buildAdapter } from './support/builtAdapter';

/**
 * `node dist/debugAdapter.js` under random DAP traffic (a fixed seed; `npm run fuzz` runs it longer
 * with a random one): wrong types, nulls, unknown commands, bursts and broken frames, on a small
 * sample. It stays alive, answers what it can frame, reports what it cannot, and never answers with
 * an internal error or a stack trace.
 */
describe('debug adapter process under random DAP traffic', function () {
  this.timeout(120_000);

  before(() => buildAdapter());

  it('stays alive and answers, without internal errors or stack traces', async () => {
    await fc.assert(
      fc.asyncProperty(dapCase(SAMPLE, SAMPLE_FIRST_LINE), async (c) => {
        const verdict = await runDapCase(c);
        assert.deepEqual(verdict.failures, [], `${c.launched ? 'launched' : 'not launched'}:\n${c.actions.map(describeAction).join('\n')}`);
      }),
      { seed: 1313, numRuns: 12, endOnFailure: true },
    );
  });
});
