import { strict as assert } from 'node:assert';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModel } from '../../../engine/model/check';
import { denseChainOf } from '../../../engine/session/surface/denseChain';
import { gridRow, type GridTask } from '../../../engine/session/surface/gridTask';
import { PlaneLosses } from '../../../engine/session/surface/planeLosses';
import type { LandscapePool } from '../../../engine/session/surface/pool';
import { flatten } from '../../../engine/session/surface/trajectory';
import { createTrainer } from '../../../engine/train/trainer';
import { threadPool } from '../../../extension/session/landscapePool';

/** The thread as build.mjs bundles it (a worker thread does not get tsx's loader), built once into a temporary folder. */
const FOLDER = mkdtempSync(join(tmpdir(), 'landscape-'));
const SCRIPT = join(FOLDER, 'landscapeWorker.js');

/** A landscape task of samples/mlp-xor.nn.yaml on a plane through its initial parameters. */
function xorTask(n: number): GridTask {
  const { model } = checkModel(readFileSync(join(__dirname, '../../../samples/mlp-xor.nn.yaml'), 'utf8'));
  const trainer = createTrainer(model!);
  const chain = denseChainOf(model!, trainer.layers)!;
  const origin = flatten(trainer.layers.flatMap((l) => l.params));
  const d1 = Float64Array.from(origin, (_, j) => Math.sin(j));
  const d2 = Float64Array.from(origin, (_, j) => Math.cos(2 * j));
  return { chain, plane: { origin, directions: [d1, d2] }, x: [-1, 1], y: [-0.5, 2], n };
}

/** Every row of a task from the pool, by row. */
function allRows(pool: LandscapePool, task: GridTask): Promise<Map<number, Float64Array>> {
  const rows = new Map<number, Float64Array>();
  return new Promise((resolve, reject) => {
    pool.run(
      task,
      (j, values) => {
        if (rows.has(j)) reject(new Error(`row ${j} came twice`));
        rows.set(j, values);
        if (rows.size === task.n) resolve(rows);
      },
      (message) => reject(new Error(message)),
    );
  });
}

describe('the loss landscape on threads (extension/session/landscapePool.ts)', () => {
  before(() => build({ entryPoints: [join(__dirname, '../../../extension/session/landscapeWorker.ts')], outfile: SCRIPT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' }));
  after(() => rmSync(FOLDER, { recursive: true, force: true }));

  it('gives every row once, each the row computed in this thread, and again on the threads it kept', async () => {
    const pool = threadPool(SCRIPT, 2);
    for (const n of [7, 5]) {
      const task = xorTask(n);
      const rows = await allRows(pool, task);
      const here = new PlaneLosses(task.chain, task.plane);
      for (let j = 0; j < n; j++) assert.deepEqual(rows.get(j), gridRow(here, task, j), `row ${j} of ${n}`);
    }
  });

  it('stops every thread on cancel: no row comes after it, and the next landscape starts anew', async () => {
    const task = xorTask(201);
    let after = 0;
    let cancelled = false;
    const pool = threadPool(SCRIPT, 2);
    const run = pool.run(
      task,
      () => {
        if (cancelled) after++;
        else {
          cancelled = true;
          run.cancel();
        }
      },
      (message) => assert.fail(message),
    );
    while (!cancelled) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(after, 0);
    assert.equal((await allRows(pool, xorTask(3))).size, 3, 'the next landscape starts new threads');
  });

  it('names what went wrong when a thread cannot start', async () => {
    const message = await new Promise<string>((resolve) => threadPool(join(__dirname, 'no-such-thread.js'), 1).run(xorTask(3), () => assert.fail('a row'), resolve));
    assert.match(message, /no-such-thread|Cannot find module/);
  });
});
