import fc from 'fast-check';
import { dapCase, describeAction, type DapCase } from './actions';
import { runDapCase, SAMPLE, SAMPLE_FIRST_LINE } from './property';

/** The DAP property run for a while: its counts, and the smallest failing case when there is one. */
export interface DapCampaign {
  readonly sessions: number;
  readonly requests: number;
  readonly brokenFrames: number;
  readonly exits: number;
  readonly internalErrors: number;
  readonly failure: { readonly seed: number; readonly path: string; readonly case: readonly string[]; readonly failures: readonly string[] } | null;
}

export async function runDapCampaign(options: { seed: number; path?: string; milliseconds: number }): Promise<DapCampaign> {
  const counts = { sessions: 0, requests: 0, brokenFrames: 0, exits: 0, internalErrors: 0 };
  // The failures of the last failing case: fast-check shrinks towards the smallest, run last.
  let lastFailures: readonly string[] = [];
  const details = await fc.check(
    fc.asyncProperty(dapCase(SAMPLE, SAMPLE_FIRST_LINE), async (c) => {
      const verdict = await runDapCase(c);
      counts.sessions++;
      counts.requests += verdict.requests;
      counts.brokenFrames += verdict.broken;
      counts.exits += verdict.exited ? 1 : 0;
      counts.internalErrors += verdict.internalErrors;
      if (verdict.failures.length) lastFailures = verdict.failures;
      return verdict.failures.length === 0;
    }),
    { seed: options.seed, ...(options.path ? { path: options.path } : {}), numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: options.milliseconds },
  );
  const shrunk = details.counterexample?.[0];
  return {
    ...counts,
    failure: details.failed && shrunk ? { seed: details.seed, path: details.counterexamplePath ?? '', case: describeCase(shrunk), failures: lastFailures } : null,
  };
}

function describeCase(c: DapCase): string[] {
  return [c.launched ? 'launched' : 'not launched', ...c.actions.map(describeAction)];
}
