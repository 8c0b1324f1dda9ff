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

export async function time(fn: () => unknown, { warmup, runs }: TimingOptions): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { median: median(wall), min: Math.min(...wall), cpuMedian: median(cpu), runs };
}
