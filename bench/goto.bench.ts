/**
 * Goto across 1,000 training steps (run: `npx tsx bench/goto.bench.ts`), on the LSTM and MLP samples
 * with their step count set to 1,001:
 *   1. forward over 1,000 steps run before (reached through checkpoints; goal < 1 s, as Reverse Continue),
 *   2. back over 1,000 steps,
 *   3. to a layer's backward stop 1,000 steps away (as Jump to Cursor goes),
 *   4. forward over 1,000 steps never run: they are trained on the way (the cost of training, no goal).
 * Each figure is the median of 5 runs, in milliseconds of wall clock.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JumpPoint, SessionResponse } from '../engine/protocol/session';
import { Session } from '../engine/session/session';

const STEPS = 1001;

function must(r: SessionResponse): void {
  if (!r.ok) throw new Error(`${r.command}: ${r.error.message}`);
}

function timed(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function goto(session: Session, point: JumpPoint): void {
  must(session.handle({ command: 'goto', ...point }));
}

function bench(name: string, layer: string): void {
  const text = readFileSync(join(__dirname, '../samples', `${name}.nn.yaml`), 'utf8').replace(/^(\s*steps:\s*)\d+/m, `$1${STEPS}`);
  const open = (): Session => {
    const s = Session.create(text, `${name}.nn.yaml`);
    must(s.start());
    return s;
  };
  const session = open();
  const first = timed(() => goto(session, { trainingStep: STEPS }));
  const forward: number[] = [];
  const back: number[] = [];
  const toLayer: number[] = [];
  for (let k = 0; k < 5; k++) {
    back.push(timed(() => goto(session, { trainingStep: 1 })));
    forward.push(timed(() => goto(session, { trainingStep: STEPS })));
    goto(session, { trainingStep: 1 });
    toLayer.push(timed(() => goto(session, { trainingStep: STEPS, phase: 'backward', layer })));
  }
  const f = (ms: number): string => `${ms.toFixed(1)} ms`;
  console.log(`  ${name.padEnd(12)} forward over 1,000 steps run before ${f(median(forward))}; back ${f(median(back))}; to ${layer}'s backward stop 1,000 steps ahead ${f(median(toLayer))}; 1,000 steps never run ${f(first)} (${(first / 1000).toFixed(2)} ms/step, training)`);
}

console.log('\nGoto across 1,000 training steps (medians of 5; goal < 1000 ms over steps run before)');
bench('mlp-xor', 'hidden');
bench('lstm-memory', 'memory');
