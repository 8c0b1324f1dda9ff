import { fail } from '../errors';
import type { Rng } from '../random';

/** One skip-gram training pair: predict `context` from `center`. */
export interface SkipGramPair {
  center: number;
  context: number;
}

/** One CBOW example: predict `center` from the words around it. */
export interface CbowExample {
  context: number[];
  center: number;
}

export interface WindowOptions {
  /** Largest distance between center and context (word2vec's `-window`). */
  window: number;
  /**
   * When given, each center draws its own window size b ∈ 1..window, as word2vec does, which
   * weights near neighbours more (a word at distance d is used with probability (window−d+1)/window).
   */
  rng?: Rng;
}

/** (center, context) pairs of every word with each neighbour inside the window, in corpus order. */
export function skipGramPairs(ids: readonly number[], options: WindowOptions): SkipGramPair[] {
  const pairs: SkipGramPair[] = [];
  forEachWindow(ids, options, (center, context) => {
    for (const c of context) pairs.push({ center, context: c });
  });
  return pairs;
}

/** One example per position with at least one neighbour: its window's words predict it. */
export function cbowExamples(ids: readonly number[], options: WindowOptions): CbowExample[] {
  const out: CbowExample[] = [];
  forEachWindow(ids, options, (center, context) => {
    if (context.length > 0) out.push({ center, context });
  });
  return out;
}

function forEachWindow(ids: readonly number[], { window, rng }: WindowOptions, fn: (center: number, context: number[]) => void): void {
  if (!Number.isInteger(window) || window < 1) fail('E_ATTR', `window must be a positive integer, got ${window}`);
  ids.forEach((center, i) => {
    const b = rng ? 1 + rng.int(window) : window;
    const context: number[] = [];
    for (let j = Math.max(0, i - b); j <= Math.min(ids.length - 1, i + b); j++) if (j !== i) context.push(ids[j]);
    fn(center, context);
  });
}
