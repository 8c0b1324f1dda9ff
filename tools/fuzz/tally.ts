import { count } from '../../engine/model/budget';
import type { Outcome } from './property';

/** How many inputs of one property ended in each outcome. */
export type Tally = Record<Outcome, number> & { tried: number };

export function emptyTally(): Tally {
  return { tried: 0, ok: 0, located: 0, unlocated: 0, crash: 0, hang: 0, memory: 0 };
}

export const BAD: readonly Outcome[] = ['unlocated', 'crash', 'hang', 'memory'];

export function formatTally(t: Tally, labels: { inputs: string; passed: string; timeBoundMs: number; memoryBoundMb: number }): string {
  const rows: [string, number][] = [
    [`${labels.inputs} tried`, t.tried],
    [labels.passed, t.ok],
    ['located errors', t.located],
    ['unlocated errors', t.unlocated],
    ['crashes', t.crash],
    [`hangs (over ${count(labels.timeBoundMs)} ms)`, t.hang],
    [`memory blow-ups (peak RSS over ${count(labels.memoryBoundMb)} MB)`, t.memory],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, n]) => `  ${label.padEnd(width)}  ${count(n).padStart(9)}`).join('\n');
}
