import type { FuzzProperty, Verdict } from './property';

/**
 * A child process (argv: the property's module and export name) that runs its inputs as the runner sends them, one at a time, and
 * answers each with its verdict (after one `{ ready: true }` once the property is loaded) and the process's peak RSS so far. The runner kills it on a hang or
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

const [module, name] = process.argv.slice(2);
// A CommonJS module imported this way may hold its exports under `default`.
const loaded = import(module).then((m: Record<string, unknown>) => (m[name] ?? (m.default as Record<string, unknown> | undefined)?.[name]) as FuzzProperty<unknown> | undefined);

void loaded.then((property) => {
  if (!property) {
    console.error(`fuzz worker: ${module} exports no property ${name}`);
    process.exit(2);
  }
  process.on('message', (message: WorkerRequest) => void answer(property, message.input));
  process.send!({ ready: true });
});

async function answer(property: FuzzProperty<unknown>, input: unknown): Promise<void> {
  const t0 = performance.now();
  let verdict: Verdict;
  try {
    verdict = await property.run(input);
  } catch (e) {
    verdict = { outcome: 'crash', detail: (e as Error).stack ?? String(e) };
  }
  const reply: WorkerAnswer = { verdict, ms: performance.now() - t0, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.send!(reply);
}
