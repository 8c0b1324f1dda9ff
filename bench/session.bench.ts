/**
 * The stepping session's figures (run: `node --expose-gc --import tsx bench/session.bench.ts`;
 * without --expose-gc the heap figures include garbage not yet collected):
 *   1. heap after 1,000 … 10,000 training steps of a small LSTM model (goal: < 200 MB, not growing),
 *   2. time to go back 1,000 training steps from step 10,000, by Goto and by Reverse Continue
 *      (goal: < 1 s),
 *   3. time per stepping command on each sample (goal: < 5 ms), medians after warm-up,
 *   4. an edit in the forward pass of the LSTM sample recomputed, and the views' data asked for again
 *      (goal: < 50 ms).
 * Options: `--steps N` (default 10000), `--only heap,back,commands,edit`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionResponse } from '../engine/protocol/session';
import { Session } from '../engine/session/session';

const LSTM = `name: bench-lstm
seed: 1
data:
  task: { first_bit: { examples: 64, length: 8 } }
model:
  - lstm: { name: memory, hidden: 8, return: last }
  - linear: { name: readout, out: 1 }
  - sigmoid
loss: bce
training:
  optimizer: adam
  lr: 0.01
  clip: { norm: 1 }
  batch_size: 8
  steps: STEPS
`;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const steps = Number(option('steps') ?? 10000);
const only = new Set((option('only') ?? 'heap,back,commands,edit').split(','));
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (): string => {
  gc?.();
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
};
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function must(r: SessionResponse): void {
  if (!r.ok) throw new Error(`${r.command}: ${r.error.message}`);
}

function heapAndBack(): void {
  const session = Session.create(LSTM.replace('STEPS', String(steps)), 'bench-lstm.nn.yaml');
  must(session.start());
  console.log(`\nSmall LSTM (T=8, H=8, batch 8, Adam, clipping), ${steps.toLocaleString('en-US')} training steps${gc ? '' : ' (no --expose-gc: heap includes uncollected garbage)'}`);
  console.log(`  heap at start ${mb()} MB`);
  let rate = '';
  let last = 1;
  for (const at of [1000, 2500, 5000, 7500, 10000].filter((s) => s <= steps)) {
    const t0 = process.hrtime.bigint();
    must(session.goto(at));
    rate = (ms(t0) / (at - last)).toFixed(2);
    last = at;
    const state = session.internals!;
    console.log(`  heap after ${String(at).padStart(6)} steps: ${mb().padStart(6)} MB  (checkpoints ${state.timeline.checkpoints.count}, every ${state.timeline.checkpoints.every} steps; history ${state.history.recorded} steps; ${rate} ms/step)`);
  }
  if (!only.has('back') || steps < 1001) return;
  const from = steps;
  const t1 = process.hrtime.bigint();
  must(session.goto(from - 1000));
  const back = ms(t1);
  must(session.goto(from));
  session.setBreakpoints([{ line: LSTM.split('\n').findIndex((l) => l.includes('readout')) + 1, condition: `step == ${from - 1000}` }]);
  const t2 = process.hrtime.bigint();
  must(session.reverseContinue());
  const reverse = ms(t2);
  console.log(`  back 1,000 steps from step ${from}: Goto ${back.toFixed(0)} ms, Reverse Continue to a breakpoint ${reverse.toFixed(0)} ms (goal < 1000 ms)`);
}

type Command = 'stepOver' | 'stepIn' | 'stepOut' | 'stepBack';

function commands(): void {
  console.log('\nTime per stepping command on the samples (median of 25 after warm-up; goal < 5 ms)');
  for (const name of ['mlp-xor', 'lstm-memory', 'attention-reverse', 'word2vec-skipgram']) {
    const text = readFileSync(join(__dirname, '../samples', `${name}.nn.yaml`), 'utf8');
    const session = Session.create(text, `${name}.nn.yaml`);
    must(session.start());
    must(session.goto(20));
    const row: string[] = [];
    for (const [label, plan] of PLANS) {
      const times: number[] = [];
      for (let k = 0; k < 25; k++) {
        must(session.goto(k % 2 ? 21 : 20));
        for (const c of plan.setup) must(session[c]());
        const t0 = process.hrtime.bigint();
        must(session[plan.timed]());
        times.push(ms(t0));
      }
      times.sort((a, b) => a - b);
      row.push(`${label} ${times[12].toFixed(2)}`);
    }
    console.log(`  ${name.padEnd(18)} ${row.join('  ')}  ms`);
  }
}

/** Each timed command from a stop reached by `setup` (from the first layer of a step). */
const PLANS: [string, { setup: Command[]; timed: Command }][] = [
  ['over(layer)', { setup: [], timed: 'stepOver' }],
  ['in', { setup: [], timed: 'stepIn' }],
  ['over(op)', { setup: ['stepIn', 'stepIn'], timed: 'stepOver' }],
  ['out', { setup: ['stepIn', 'stepIn'], timed: 'stepOut' }],
  ['back(forward)', { setup: ['stepOver', 'stepOver'], timed: 'stepBack' }],
  ['back(backward)', { setup: ['stepOut', 'stepOut', 'stepIn', 'stepIn', 'stepOver', 'stepOver'], timed: 'stepBack' }],
  ['back(update)', { setup: ['stepOut', 'stepOut', 'stepOut', 'stepOver'], timed: 'stepBack' }],
  ['back(step)', { setup: [], timed: 'stepBack' }],
];

/**
 * Set Value in the forward pass of samples/lstm-memory.nn.yaml at training step 20, at an op inside
 * the LSTM: a parameter (the step runs again from its start) and the activation at the cursor (the
 * ops after it run again), each followed by the Inspector's and the graph's data, as the adapter
 * refreshes them after an edit. Medians of 25, each edit on a fresh value.
 */
function edits(): void {
  console.log('\nAn edit in the forward pass of lstm-memory recomputed, with the Inspector and graph data (median of 25; goal < 50 ms)');
  const session = Session.create(readFileSync(join(__dirname, '../samples/lstm-memory.nn.yaml'), 'utf8'), 'lstm-memory.nn.yaml');
  must(session.start());
  must(session.goto(20));
  for (const c of ['stepIn', 'stepIn', 'stepOver', 'stepOver'] as const) must(session[c]());
  const node = session.internals!.location().node!;
  const param = session.internals!.trainer.layers.find((l) => l.params.length)!.params[0].name;
  const row: string[] = [];
  for (const [label, target] of [['parameter', `${param}[0, 0]`], ['activation', `${node}[0, 0]`]]) {
    const times: number[] = [];
    for (let k = 0; k < 25; k++) {
      const t0 = process.hrtime.bigint();
      must(session.setExpression(target, `${target} + ${(k + 1) * 1e-3}`));
      must(session.inspector());
      must(session.graph());
      times.push(ms(t0));
    }
    times.sort((a, b) => a - b);
    row.push(`${label} (${target}) ${times[12].toFixed(2)} ms`);
  }
  console.log(`  at ${node}, step 20: ${row.join(', ')}; edits in force ${session.internals!.timeline.edits.length}`);
}

if (only.has('heap')) heapAndBack();
if (only.has('commands')) commands();
if (only.has('edit')) edits();
