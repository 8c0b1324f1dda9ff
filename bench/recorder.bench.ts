/**
 * `npx tsx bench/recorder.bench.ts [-- --width 1024 --steps 3 --big-width 4096 --big-layers 6 --only small,large,100M]`:
 * the PyTorch recorder's overhead per training step (no recording, statistics only, full values) on a
 * small, a 4.2M- and a 100.7M-parameter CPU MLP (the last: statistics, and every value of one module),
 * the trace's size per step, the time per step spent in statistics and in copying values off the
 * tensors (where a GPU's device-to-host transfer happens) (bench/recorder.bench.py, run with Debian's
 * /usr/bin/python3), then the time and heap to open each trace with openTrace and to read one
 * recorded value. Times are CPU time of the recording process (one torch thread). Traces go to the
 * system's temp folder and are deleted afterwards. About 3 min on an idle machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeChunkFiles } from '../extension/dap/chunkFiles';
import { openTrace } from '../engine/trace/read';

interface Case {
  readonly model: string;
  readonly params: number;
  readonly mode: string;
  readonly ms_per_step: number;
  readonly overhead: number;
  readonly bytes_per_step: number;
  readonly stats_ms: number;
  readonly copy_ms: number;
  readonly copy_mb: number;
  readonly index: string | null;
}

const dir = mkdtempSync(path.join(tmpdir(), 'backstep-recorder-bench-'));
const extra = process.argv.slice(2).filter((a) => a !== '--');
try {
  const run = spawnSync('/usr/bin/python3', [path.join(__dirname, 'recorder.bench.py'), dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`recorder.bench.py failed:\n${run.stderr}`);
  const cases = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Case);
  const mb = (b: number) => (b / 1e6).toFixed(2);
  console.log('model   params      mode   ms/step  overhead  MB/step stats ms/step  copy ms/step (MB)  open ms  heap MB  first value ms');
  for (const c of cases) {
    let open = '', heap = '', first = '';
    if (c.index) {
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const trace = openTrace(c.index, readFileSync(c.index, 'utf8'), nodeChunkFiles(c.index));
      const t1 = performance.now();
      const valued = trace.index.steps[0].events.flatMap((e) => (e.phase === 'update' ? [e.after] : e.outputs)).find((t) => t.chunk);
      if (valued) trace.values(valued);
      const t2 = performance.now();
      [open, heap, first] = [(t1 - t0).toFixed(1), mb(process.memoryUsage().heapUsed - heap0), valued ? (t2 - t1).toFixed(1) : '-'];
    }
    const copy = `${c.copy_ms.toFixed(1)} (${c.copy_mb.toFixed(1)})`;
    console.log(`${c.model.padEnd(7)} ${String(c.params).padStart(9)}  ${c.mode.padEnd(5)} ${c.ms_per_step.toFixed(1).padStart(8)} ${`${c.overhead.toFixed(1)}×`.padStart(9)} ${mb(c.bytes_per_step).padStart(8)} ${c.stats_ms.toFixed(1).padStart(13)} ${copy.padStart(17)} ${open.padStart(8)} ${heap.padStart(8)} ${first.padStart(15)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
