import type fc from 'fast-check';

/**
 * What one input did. `ok`: it passed every stage; `located`: it was refused with errors that all
 * carry a line and a column and no stack trace; `unlocated`: an error lacked them; `crash`: something
 * threw, or a stage that should follow from the last one failed; `hang`: a stage overran its time
 * bound; `memory`: the process's peak RSS went over its bound (the runner decides the last two
 * when the input never returns).
 */
export type Outcome = 'ok' | 'located' | 'unlocated' | 'crash' | 'hang' | 'memory';

export interface Verdict {
  readonly outcome: Outcome;
  /** Why, for anything but `ok` and `located`. */
  readonly detail?: string;
}

/**
 * One fuzzed property: the inputs it draws (JSON-serialisable, so a worker process can run them)
 * and how one is judged. `npm run fuzz` and the mocha suite run the same property.
 */
export interface FuzzProperty<I> {
  readonly name: string;
  /** What one input is, plural, for the counts: "files", "sessions". */
  readonly inputs: string;
  /** What `ok` means for it: "checked ok, built and trained 3 steps". */
  readonly passed: string;
  readonly arbitrary: fc.Arbitrary<I>;
  /** Longest one input may take, all stages together. */
  readonly timeBoundMs: number;
  run(input: I): Verdict | Promise<Verdict>;
  /** The input as a file to keep when it fails: a model file to `check`, a DAP transcript … */
  keep(input: I): { readonly ext: string; readonly text: string };
}

export function isGood(v: Verdict): boolean {
  return v.outcome === 'ok' || v.outcome === 'located';
}
