/**
 * An imported model at real size, side by side with PyTorch: `npx tsx bench/onnx.bench.ts`.
 * tools/onnx/bench_encoder.py (run with /usr/bin/python3, torch) exports a 4-layer TransformerEncoder
 * (d = 256, 8 heads, feed-forward 1024, T = 64, batch 8, about 3.2 M parameters) to a temporary file
 * (too big to commit) and times one PyTorch training step on one thread. Then, in this process:
 *  - import: the ONNX file read, checked, its constant subgraphs folded and every other shape inferred (engine/onnx/import.ts);
 *  - stop on entry: a Session over a model file with that `- onnx:` layer, created and started
 *    (check, build, the first step's forward pass) — goal < 3 s;
 *  - one training step (forward, loss, backward, Adam update), median of a few — goal ≤ 2× PyTorch;
 *  - peak RSS of this process.
 * Wall times grow when other work shares the machine: each is printed with the CPU time of this
 * process over the same span, and the load average is printed first.
 * Without torch it says so and exits 0 (nothing to compare).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { importOnnx } from '../engine/onnx/import';
import { Session } from '../engine/session/session';
import { loadTrainer } from '../engine/train';

const PYTHON = '/usr/bin/python3';
const STEPS = 4;

interface Torch {
  readonly params: number;
  readonly stepMs: number;
  readonly tokens: number[][];
  readonly target: number[][];
}

function hasTorch(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function modelFile(t: Torch): string {
  return [
    'name: onnx-bench',
    'seed: 0',
    'dtype: float32',
    'data:',
    '  tensors:',
    `    tokens: ${JSON.stringify(t.tokens)}`,
    `    target: ${JSON.stringify(t.target)}`,
    '  input: tokens',
    '  target: target',
    'model: { onnx: encoder.onnx, output: logits }',
    'loss: cross_entropy',
    `training: { optimizer: adam, lr: 0.001, batch_size: ${t.tokens.length}, steps: 100 }`,
    '',
  ].join('\n');
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Runs fn; its wall time and this process's CPU time (user + system) over it, in ms. */
function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const [t0, c0] = [process.hrtime.bigint(), process.cpuUsage()];
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wallMs: ms(t0), cpuMs: (c.user + c.system) / 1000 };
}

const both = (t: { wallMs: number; cpuMs: number }) => `${t.wallMs.toFixed(0).padStart(7)} ms wall, ${t.cpuMs.toFixed(0).padStart(5)} ms CPU`;

function main(): void {
  if (!existsSync(PYTHON) || !hasTorch()) {
    console.log(`onnx bench: no torch at ${PYTHON}; skipped`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'backstep-onnx-bench-'));
  try {
    const file = path.join(dir, 'encoder.onnx');
    const script = path.join(__dirname, '..', 'tools', 'onnx', 'bench_encoder.py');
    const torch = JSON.parse(execFileSync(PYTHON, [script, file], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Torch;
    const bytes = readFileSync(file);
    const files = new Map([['encoder.onnx', { ok: true as const, bytes }]]);
    const text = modelFile(torch);

    const load = loadavg().map((l) => l.toFixed(1)).join(', ');
    const importing = timed(() => importOnnx(bytes, 'encoder.onnx', { firstInputShape: [torch.tokens.length, torch.tokens[0].length] }));
    const imported = importing.value;

    const entry = timed(() => {
      const s = Session.create(text, 'onnx-bench.nn.yaml', { files });
      if (s.diagnostics.length) throw new Error(JSON.stringify(s.diagnostics));
      if (!s.start().ok) throw new Error('the session did not start');
      return s;
    });
    const session = entry.value;
    const events = session.internals!.timeline.outline?.length ?? 0;

    const loaded = loadTrainer(text, { files, recordValues: false });
    if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded));
    const times: number[] = [];
    for (let k = 0; k < STEPS; k++) {
      const t0 = process.hrtime.bigint();
      loaded.trainer.beginStep().finish();
      times.push(ms(t0));
    }
    const step = [...times.slice(1)].sort((a, b) => a - b)[(times.length - 1) >> 1];
    const rssMb = process.resourceUsage().maxRSS / 1024;

    console.log(`onnx bench: 4-layer TransformerEncoder d=256, 8 heads, T=64, batch 8, ${imported.params.reduce((n, p) => n + p.size, 0)} parameters (torch ${torch.params}), ${(bytes.length / 1e6).toFixed(1)} MB, ${imported.plan.length} nodes, ${events} events per step`);
    console.log(`  load average       ${load} (other work on this machine stretches wall times)`);
    console.log(`  import             ${both(importing)}`);
    console.log(`  stop on entry      ${both(entry)}   (goal < 3000)`);
    console.log(`  training step      ${step.toFixed(0).padStart(7)} ms   Backstep, median of ${STEPS - 1} after the first (${times.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`                     ${torch.stepMs.toFixed(0).padStart(7)} ms   PyTorch, one thread — ratio ${(step / torch.stepMs).toFixed(2)} (goal ≤ 2)`);
    console.log(`  peak RSS           ${rssMb.toFixed(0).padStart(7)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
