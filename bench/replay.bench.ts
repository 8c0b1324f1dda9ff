/**
 * `npx tsx bench/replay.bench.ts [-- --layers 12 --width 512 --steps 20 --layout 2]`: opening a large
 * recording through the session as F5 does (engine/trace/replayOpen.ts, node chunk files): the time
 * to the first stop, a Continue to the end of the last step, and the peak resident memory (VmHWM)
 * of a process that only opens and steps (the recording is written first, by this process, then
 * opened by a child). The recording is synthetic, written as raw bytes in the recorder's layout
 * (bench/replayTrace.ts; `--layout 1` puts every step inside the index, as before version 2): an MLP
 * of `layers` Linear layers width × width trained by Adam, every value kept, ~2 GB by default;
 * `--steps 1000 --width 16 --batch 4` makes 1,000 steps of 98 ops (a ~100 MB index in layout 1).
 * It goes to the system's temp folder and is deleted afterwards.
 * Goal (issue 17): first stop < 2 s and memory < 1 GB whatever the recording's size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { StopInfo } from '../engine/protocol/session';
import { Session } from '../engine/session/session';
import { recordingSource } from '../engine/trace/replayOpen';
import { nodeChunkFiles } from '../extension/dap/chunkFiles';
import { writeSyntheticRecording } from './replayTrace';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

/** Peak and current resident memory of this process, in MB (Linux /proc). */
function memory(): { peak: number; now: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const mb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { peak: mb('VmHWM'), now: mb('VmRSS') };
}

/** The child's part: open `file` as F5 does, stop on entry, show the Inspector, Continue to the end. */
function openAndContinue(file: string): void {
  const before = memory();
  const t1 = performance.now();
  const session = Session.create('', file, { source: recordingSource(file, readFileSync(file, 'utf8'), nodeChunkFiles(file)) });
  if (session.diagnostics.length) throw new Error(session.diagnostics.map((d) => d.message).join('\n'));
  const opened = performance.now();
  const first = session.start();
  if (!first.ok) throw new Error(first.error.message);
  const stopped = performance.now();
  const view = session.inspector();
  if (!view.ok) throw new Error(view.error.message);
  const t2 = performance.now();
  const atFirst = memory();
  const end = session.continue();
  if (!end.ok) throw new Error(end.error.message);
  const t3 = performance.now();
  const atEnd = memory();
  const stop = end.body as StopInfo;
  const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
  console.log(`first stop: ${ms(t1, t2)} (open and check the index ${ms(t1, opened)}, stop on entry ${ms(opened, stopped)}, Inspector ${ms(stopped, t2)}); RSS ${atFirst.now.toFixed(0)} MB (${before.now.toFixed(0)} MB before)`);
  console.log(`Continue to the end of step ${stop.location.trainingStep} (${stop.reason}): ${((t3 - t2) / 1000).toFixed(2)} s; RSS ${atEnd.now.toFixed(0)} MB`);
  console.log(`peak RSS of the process: ${atEnd.peak.toFixed(0)} MB (goal: first stop < 2,000 ms, memory < 1,024 MB)`);
}

const opening = process.argv.indexOf('--open');
if (opening >= 0) openAndContinue(process.argv[opening + 1]);
else {
  const layout = option('layout', 2) === 1 ? 1 : 2;
  const shape = { layers: option('layers', 12), width: option('width', 512), batch: option('batch', 32), steps: option('steps', 20), layout } as const;
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-replay-bench-'));
  try {
    const t0 = performance.now();
    const written = writeSyntheticRecording(dir, shape);
    console.log(`recording (layout ${layout}): ${shape.steps} steps of ${shape.layers} layers ${shape.width}×${shape.width}, ${(written.bytes / 1e9).toFixed(2)} GB in ${written.chunks} chunks, index ${(written.indexChars / 1e6).toFixed(1)} MB, ${written.events} events; written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--open', written.index], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`the opening process failed (${child.status ?? child.signal})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
