import { PROPERTIES } from './properties';
import type { Verdict } from './property';

/**
 * A child process that runs one property's inputs as the runner sends them, one at a time, and
 * answers each with its verdict and the process's peak RSS so far. The runner kills it on a hang or
 * a blow-up and starts another.
 */
export interface WorkerRequest {
  readonly input: unknown;
}
export interface WorkerAnswer {
  readonly verdict: Verdict;
  readonly ms: number;
  /** `process.resourceUsage().maxRSS`, in MB: the peak, so a blow-up shows even after the memory is freed. */
  readonly peakRssMb: number;
}

const property = PROPERTIES.get(process.argv[2] ?? '');
if (!property || !process.send) {
  console.error(`fuzz worker: unknown property "${process.argv[2]}" or no IPC channel`);
  process.exit(2);
}

process.on('message', (message: WorkerRequest) => {
  void answer(message.input);
});

async function answer(input: unknown): Promise<void> {
  const t0 = performance.now();
  let verdict: Verdict;
  try {
    verdict = await property!.run(input);
  } catch (e) {
    verdict = { outcome: 'crash', detail: (e as Error).stack ?? String(e) };
  }
  const reply: WorkerAnswer = { verdict, ms: performance.now() - t0, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.send!(reply);
}
