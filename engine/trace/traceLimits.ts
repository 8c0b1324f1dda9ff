import type { Limit } from '../limits';

/**
 * Bounds on what a recording (`.bstrace`) can declare, checked by ./checkIndex.ts and ./read.ts
 * before the work they bound. Kept beside the reader until the README's table of limits
 * (engine/limits.ts, kept in step by test/engine/limits.test.ts) takes them in.
 */
export const TRACE_LIMITS = {
  /** JSON.parse holds about 3× the text; a recording of a few steps of a large model indexes ~100 MB. */
  indexChars: { name: 'traceIndexChars', max: 300_000_000, unit: 'characters in a recording\'s index' },
  /** Read as float64: 50 million values are 400 MB, under the session's memory bound. */
  values: { name: 'traceValues', max: 50_000_000, unit: 'values of one recorded tensor read at once' },
  /** PyTorch allows 64 dimensions. */
  rank: { name: 'traceRank', max: 64, unit: 'dimensions of one recorded tensor' },
  /** Ids, module paths, op and parameter names. */
  nameChars: { name: 'traceNameChars', max: 4_096, unit: 'characters in one name of a recording' },
  /** Histogram bins of one tensor's stats. */
  bins: { name: 'traceBins', max: 1_024, unit: 'histogram bins of one recorded tensor' },
  /** Chunk headers kept parsed at once (each up to the safetensors header limit). */
  headers: { name: 'traceHeaders', max: 8, unit: 'chunk headers kept in memory' },
} as const satisfies Record<string, Limit>;
