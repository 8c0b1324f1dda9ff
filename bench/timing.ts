/** Timing for the benchmark: warm-up runs first (JIT tiers, WebAssembly compile), then the median. */

export interface Timing {
  /** Median milliseconds per call. */
  median: number;
  /** Fastest call, for reference on a busy machine. */
  min: number;
  runs: number;
}

export interface TimingOptions {
  warmup: number;
  runs: number;
}

export async function time(fn: () => unknown, { warmup, runs }: TimingOptions): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const mid = ms.length >> 1;
  const median = ms.length % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
  return { median, min: ms[0], runs };
}
