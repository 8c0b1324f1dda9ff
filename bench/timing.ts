/**
 * Timing for the benchmark: warm-up runs first (JIT tiers, WebAssembly compile), then medians of
 * wall-clock time and of this process's CPU time. On a machine shared with other work the CPU
 * time is the steadier figure: it leaves out the time the process spends waiting for a core.
 */

export interface Timing {
  /** Median wall-clock milliseconds per call. */
  median: number;
  /** Fastest call, wall clock. */
  min: number;
  /** Median CPU milliseconds per call (user + system, all of the process's threads). */
  cpuMedian: number;
  runs: number;
}

export interface TimingOptions {
  warmup: number;
  runs: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export async function time(fn: () => unknown, opts: TimingOptions): Promise<Timing> {
  return (await timeTogether([fn], opts))[0];
}

/**
 * Times several functions in alternation (one call of each per round, the order reversed every other
 * round), so that a change in the machine's load while the benchmark runs falls on all of them alike.
 */
export async function timeTogether(fns: (() => unknown)[], { warmup, runs }: TimingOptions): Promise<Timing[]> {
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    const order = fns.map((_, i) => (r % 2 ? fns.length - 1 - i : i));
    for (const i of order) {
      const c0 = cpuMs();
      const t0 = performance.now();
      await fns[i]();
      wall[i].push(performance.now() - t0);
      cpu[i].push(cpuMs() - c0);
    }
  }
  return fns.map((_, i) => ({ median: median(wall[i]), min: Math.min(...wall[i]), cpuMedian: median(cpu[i]), runs }));
}
