/**
 * Cost against the number of layers: a model of N copies of `- linear: { out: 2 }` through
 * `backstep check`, `backstep run --steps 3` and a debug session (start, Goto step 3, the stack,
 * the Inspector and the graph, Step Back), each in its own process, with its wall time and peak
 * resident memory (GNU time's %e and %M; process start-up with tsx included). Linear cost shows as
 * figures that double with N. Models over the layer limit stop at `check` with its error.
 * `npx tsx bench/layers.bench.ts [N …]` (default 1000 2000 4000 10000); Linux with /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../engine/session/session';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'tools', 'cli', 'main.ts');

export function layersModel(n: number): string {
  // The last layer gives one number per example, the shape of xor's target.
  const layers = Array.from({ length: n }, (_, i) => `  - linear: { out: ${i === n - 1 ? 1 : 2} }\n`).join('');
  return `name: layers-${n}\ndata:\n  task: xor\nmodel:\n${layers}loss: mse\ntraining:\n  optimizer: sgd\n  steps: 3\n`;
}

interface Figure {
  readonly seconds: number;
  readonly mb: number;
  readonly exit: number | null;
  readonly last: string;
}

function measure(script: string, args: readonly string[]): Figure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, '--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('Command exited'));
  const [seconds, kb] = lines[lines.length - 1].split(' ').map(Number);
  const said = `${r.stdout}${lines.slice(0, -1).join('\n')}`.trim().split('\n');
  return { seconds, mb: kb / 1024, exit: r.status, last: said[said.length - 1].slice(0, 100) };
}

function main(): void {
  const counts = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'backstep-layers-'));
  try {
    console.log('layers  command        time      peak RSS  exit  last line');
    for (const n of counts.length ? counts : [1000, 2000, 4000, 10000]) {
      const file = join(dir, `layers-${n}.nn.yaml`);
      writeFileSync(file, layersModel(n));
      const runs = [
        ['check', CLI, ['check', file]],
        ['run --steps 3', CLI, ['run', file, '--steps', '3']],
        ['session', __filename, ['--session', file]],
      ] as const;
      for (const [name, script, args] of runs) {
        const f = measure(script, args);
        console.log(`${String(n).padStart(6)}  ${name.padEnd(13)} ${f.seconds.toFixed(2).padStart(6)} s ${f.mb.toFixed(0).padStart(7)} MB  ${String(f.exit).padStart(4)}  ${f.last}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child of the `session` row: the requests an editor sends after F5 and a Goto, timed each. */
function session(file: string): void {
  const s = Session.create(readFileSync(file, 'utf8'), file);
  const times: string[] = [];
  const timed = (name: string, request: () => { ok: boolean; error?: { message: string } }): void => {
    const t0 = performance.now();
    const r = request();
    if (!r.ok) {
      console.log(`${name}: ${r.error?.message}`);
      process.exit(1);
    }
    times.push(`${name} ${(performance.now() - t0).toFixed(0)}`);
  };
  timed('start', () => s.start());
  timed('goto', () => s.goto(3));
  timed('stack', () => s.stackTrace());
  timed('inspector', () => s.inspector());
  timed('graph', () => s.graph());
  timed('back', () => s.stepBack());
  console.log(`ms: ${times.join(', ')}`);
}

if (require.main === module) {
  if (process.argv[2] === '--session') session(process.argv[3]);
  else main();
}
