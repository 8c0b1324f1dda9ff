import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { PropertyEntry } from './properties';
import type { FuzzProperty, Outcome, Verdict } from './property';
import { emptyTally, type Tally } from './tally';
import type { WorkerAnswer } from './worker';

export interface RunOptions {
  readonly seed: number;
  readonly until: number;
  /** Where failing inputs are kept: `<dir>/<property>/<seed>-<n>-<outcome>.<ext>` and a `.json` beside it. */
  readonly keepDir: string;
  readonly memoryBoundMb: number;
  /** Stop after this many inputs even before `until`. */
  readonly maxInputs?: number;
}

/** Inputs drawn per `fc.sample` call; batch k is drawn with seed `seed + k`, so a run replays from its seed. */
const BATCH = 50;
/** A worker's heap may grow past the RSS bound (so a blow-up is measured, not an abort), but not without end. */
const HEAP_FACTOR = 2;
const POLL_MS = 200;

/** Runs one property's inputs in a worker process until `until`, counting each outcome and keeping each failure. */
export async function fuzzProperty(entry: PropertyEntry, options: RunOptions): Promise<Tally> {
  const { property } = entry;
  const tally = emptyTally();
  const worker = new Worker(entry, options.memoryBoundMb);
  const more = () => Date.now() < options.until && tally.tried < (options.maxInputs ?? Infinity);
  for (let batch = 0; more(); batch++) {
    for (const input of fc.sample(property.arbitrary, { seed: options.seed + batch, numRuns: BATCH })) {
      if (!more()) break;
      const verdict = await worker.run(input, property.timeBoundMs);
      tally.tried++;
      tally[verdict.outcome]++;
      if (verdict.outcome !== 'ok' && verdict.outcome !== 'located') keep(property, input, verdict, `${options.seed}-${tally.tried}`, options.keepDir);
    }
  }
  worker.stop();
  return tally;
}

function keep(property: FuzzProperty<unknown>, input: unknown, verdict: Verdict, id: string, dir: string): void {
  const folder = path.join(dir, property.name);
  mkdirSync(folder, { recursive: true });
  const base = path.join(folder, `${id}-${verdict.outcome}`);
  writeFileSync(`${base}.json`, `${JSON.stringify({ property: property.name, input, verdict }, null, 2)}\n`);
  try {
    const { ext, text } = property.keep(input);
    writeFileSync(`${base}.${ext}`, text);
  } catch (e) {
    // The input is in the .json; a property that cannot render it must not end the run.
    console.error(`${property.name}: could not render input ${id}: ${(e as Error).message}`);
  }
}

/** One worker process at a time; a hang, a crash or a blow-up ends it and the next input starts another. */
class Worker {
  private child: ChildProcess | null = null;
  private stderr = '';

  constructor(
    private readonly entry: PropertyEntry,
    private readonly memoryBoundMb: number,
  ) {}

  /** The input's verdict; its time bound starts once the worker has loaded the property. */
  async run(input: unknown, timeBoundMs: number): Promise<Verdict> {
    const child = this.child ?? (await this.start());
    if (!child) return { outcome: 'crash', detail: `the worker died while loading ${this.entry.module}: ${this.stderr.slice(-2_000)}` };
    return new Promise((resolve) => {
      const done = (verdict: Verdict, restart: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (restart) this.stop();
        resolve(verdict);
      };
      const onMessage = (answer: WorkerAnswer) => {
        if (answer.peakRssMb > this.memoryBoundMb) done({ outcome: 'memory', detail: `peak RSS ${answer.peakRssMb.toFixed(0)} MB` }, true);
        else done(answer.ms > timeBoundMs && answer.verdict.outcome !== 'crash' ? { outcome: 'hang', detail: `took ${answer.ms.toFixed(0)} ms` } : answer.verdict, false);
      };
      const onExit = (code: number | null, signal: string | null) => {
        const outcome: Outcome = /heap out of memory|Allocation failed/i.test(this.stderr) ? 'memory' : 'crash';
        this.child = null;
        done({ outcome, detail: `the worker exited (code ${code}, signal ${signal}): ${this.stderr.slice(-2_000)}` }, false);
      };
      const timer = setTimeout(() => done({ outcome: 'hang', detail: `no answer in ${timeBoundMs} ms` }, true), timeBoundMs);
      const poll = setInterval(() => {
        const rss = rssMb(child.pid);
        if (rss !== null && rss > this.memoryBoundMb) done({ outcome: 'memory', detail: `RSS ${rss.toFixed(0)} MB while running` }, true);
      }, POLL_MS);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ input });
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  /** A new worker once it is ready, or null if it died first. */
  private start(): Promise<ChildProcess | null> {
    this.stderr = '';
    const child = fork(path.join(__dirname, 'worker.ts'), [this.entry.module, this.entry.export], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${HEAP_FACTOR * this.memoryBoundMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-10_000);
    });
    return new Promise((resolve) => {
      child.once('message', () => {
        child.off('exit', died);
        this.child = child;
        resolve(child);
      });
      const died = () => resolve(null);
      child.once('exit', died);
    });
  }
}

/** Resident set of a process from /proc (Linux); null elsewhere, where the worker's own peak still counts. */
function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 2 ** 20;
  } catch {
    return null;
  }
}
