/**
 * The loss surface's engine figures: `npx tsx bench/landscape.bench.ts`.
 *  - The loss landscape of a ~10k-parameter model: 41 × 41 losses on the plane of its path (goal
 *    < 2 s), off the stepping path, for two data sets: 240 blobs and scikit-learn's 1,797 digits
 *    (each loss is a forward pass over the whole data set): in this thread (the in-process path:
 *    tests, CLI), then on the session worker's pool of min(cores, 4) threads (extension/session/
 *    landscapePool.ts, its thread bundled as build.mjs does), CPU time summed over the threads.
 *  - The floor of the tanh MLP: Math.tanh alone over as many pre-activations as its grid computes
 *    (points × examples × hidden units; the exact tanh is kept, so no grid can take less), and the
 *    same MLP with ReLU, whose grid is the rest of the work.
 *  - A stop of the optimizers sample: the Inspector's view with its loss surface, and the race.
 * Options: `-- --size N` (grid side, default 41).
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectorView } from '../engine/protocol';
import { Session, type SessionOptions } from '../engine/session/session';
import type { JobYield } from '../engine/session/surface/pool';
import { LANDSCAPE_THREADS, threadPool } from '../extension/session/landscapePool';
import { readDataFilesSync } from '../tools/cli/io';

const at = process.argv.indexOf('--size');
const size = at >= 0 ? Number(process.argv[at + 1]) : 41;
const root = join(__dirname, '..');
/** CPU time of this process: steady when other work shares the machine, which wall time is not. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** 2 → 96 → 96 → 10 tanh MLP: 288 + 96 + 9,216 + 96 + 960 + 10 = 10,666 parameters, on 240 points. */
const BLOBS = `name: blobs-10k
seed: 1
data:
  task: { blobs: { points: 240, classes: 10, spread: 0.8 } }
model:
  - mlp: { name: net, hidden: [96, 96], out: 10, activation: tanh }
loss: cross_entropy
training:
  optimizer: adam
  lr: 0.01
  batch_size: 240
  steps: 40
`;

/** The landscape thread as build.mjs bundles it, in a temporary folder. */
const folder = mkdtempSync(join(tmpdir(), 'landscape-bench-'));
buildSync({ entryPoints: [join(root, 'extension/session/landscapeWorker.ts')], outfile: join(folder, 'landscapeWorker.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const threads = Math.min(availableParallelism(), LANDSCAPE_THREADS);
const pool = threadPool(join(folder, 'landscapeWorker.js'), threads);

function open(text: string, file: string, options: SessionOptions = {}): Session {
  const session = Session.create(text, file, { ...options, files: readDataFilesSync(join(root, file), text) });
  if (!session.start().ok) throw new Error(`${file} did not start`);
  return session;
}

function params(session: Session): number {
  return session.internals!.trainer.layers.reduce((n, l) => n + l.params.reduce((m, p) => m + p.size, 0), 0);
}

/** A job to its end, awaiting what it waits on (the pool's rows), as the session worker runs it. */
async function settle<T>(g: Generator<JobYield, T>): Promise<T> {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    if (r.value) await r.value;
  }
}

/** The model's landscape in this thread, then on the pool's threads. */
async function landscape(title: string, text: string, file: string, step: number): Promise<void> {
  for (const [where, options] of [['this thread', {}], [`${threads} threads`, { landscapePool: pool }]] as const) {
    const session = open(text, file, options);
    if (!session.goto(step).ok) throw new Error(`${title}: goto ${step}`);
    const [t0, c0] = [performance.now(), cpuMs()];
    const answer = await settle(session.landscape(size));
    const [ms, cpu] = [performance.now() - t0, cpuMs() - c0];
    if (!answer.ok) throw new Error(`${title}: ${answer.error.message}`);
    const examples = session.model?.data.examples;
    const name = where === 'this thread' ? title : `  the same on ${where}`;
    console.log(`  ${name.padEnd(44)} ${String(params(session)).padStart(7)} ${String(examples).padStart(6)} ${(ms / 1000).toFixed(2).padStart(8)} s ${(cpu / 1000).toFixed(2).padStart(8)} s ${((cpu / (size * size)) * 1000).toFixed(0).padStart(8)} µs`);
  }
}

/** CPU time of Math.tanh over `count` values in random order in (−3, 3), like pre-activations (its branches on |x| ≥ 1 are as unpredictable), in s. */
function tanhFloor(count: number): number {
  let seed = 1;
  const uniform = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const x = Float64Array.from({ length: 46_080 }, () => 6 * uniform() - 3);
  const y = new Float64Array(x.length);
  const c0 = cpuMs();
  for (let done = 0; done < count; done += x.length) for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  return (cpuMs() - c0) / 1000;
}

function surfaceStops(): void {
  const session = open(readFileSync(join(root, 'samples/optimizers.nn.yaml'), 'utf8'), 'samples/optimizers.nn.yaml');
  session.goto(50);
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    session.stepOver();
    const t0 = cpuMs();
    const view = session.inspector();
    times.push(cpuMs() - t0);
    if (!view.ok || !(view.body as InspectorView).lossSurface) throw new Error('no loss surface');
  }
  times.sort((a, b) => a - b);
  const t0 = cpuMs();
  if (!session.race().ok) throw new Error('the race failed');
  const race = cpuMs() - t0;
  console.log(`\nOptimizers sample, CPU time: the Inspector's view at a stop (with the ${size} × ${size} exact surface): median ${times[20].toFixed(2)} ms, worst ${times[39].toFixed(2)} ms; the race (5 × 100 steps): ${race.toFixed(0)} ms`);
}

async function main(): Promise<void> {
  console.log(`Loss landscape: ${size} × ${size} losses on the plane of the path, goal < 2 s for ~10k parameters`);
  console.log(`Load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores; wall and CPU time of the whole grid, CPU time per loss`);
  console.log(`  ${'model'.padEnd(44)} ${'params'.padStart(7)} ${'data'.padStart(6)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)} ${'CPU/loss'.padStart(11)}`);
  await landscape('MLP 2-96-96-10 on blobs, after 30 steps', BLOBS, 'blobs-10k.nn.yaml', 31);
  const tanhCalls = size * size * 240 * (96 + 96);
  console.log(`    its floor: Math.tanh alone, ${(tanhCalls / 1e6).toFixed(1)} M calls`.padEnd(77) + `${tanhFloor(tanhCalls).toFixed(2).padStart(8)} s`);
  await landscape('the same MLP with ReLU', BLOBS.replace('activation: tanh', 'activation: relu'), 'blobs-10k.nn.yaml', 31);
  const digits = readFileSync(join(root, 'samples/digits-mlp.nn.yaml'), 'utf8').replace('out: 32 }', 'out: 150 }');
  await landscape('MLP 64-150-10 on digits, after 30 steps', digits, 'samples/digits-mlp.nn.yaml', 31);
  surfaceStops();
}

void main().finally(() => rmSync(folder, { recursive: true, force: true }));
