import assert from 'node:assert/strict';
import type { StopInfo } from '../../../engine/protocol/session';
import { Session } from '../../../engine/session/session';
import type { ChunkFiles, TraceIndex } from '../../../engine/trace/format';
import { openTrace } from '../../../engine/trace/read';
import { ReplayTrainer } from '../../../engine/trace/replay';
import { KEPT_STEPS } from '../../../engine/trace/stepEntries';
import { CHUNK, mlpRecording, recordingFiles } from './support/recording';

/**
 * A recording of version 2 (engine/trace/format.ts: one file per step) read through openTrace: a
 * step's file is read when the step is first asked for, and only the last KEPT_STEPS steps' entries
 * are held, so memory does not grow with the count of steps.
 */
function laidOut(index: TraceIndex): { text: string; chunks: ChunkFiles; reads: Map<string, number> } {
  const { text, steps } = recordingFiles(index);
  const files = new Map<string, Uint8Array>([[CHUNK, new Uint8Array(8)], ...[...steps].map(([name, json]) => [name, new TextEncoder().encode(json)] as const)]);
  const reads = new Map<string, number>();
  const chunks: ChunkFiles = {
    size: (name) => files.get(name)?.length ?? null,
    read(name, offset, length) {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return files.get(name)!.slice(offset, offset + length);
    },
  };
  return { text, chunks, reads };
}

const STEPS = Array.from({ length: 12 }, (_, k) => 100 + k);
const total = (reads: ReadonlyMap<string, number>) => [...reads.values()].reduce((a, b) => a + b, 0);

describe('the steps of a recording, read when reached (engine/trace/stepEntries.ts)', () => {
  it('knows every step\'s number at open, reads a step\'s file when first asked for, and again only once KEPT_STEPS others were read since', () => {
    const { text, chunks, reads } = laidOut(mlpRecording({ steps: STEPS }).index);
    const steps = openTrace('run.bstrace', text, chunks).index.steps;
    assert.deepEqual(steps.map((s) => s.step), STEPS);
    assert.equal(total(reads), 0);
    const first = steps[0].events;
    assert.equal(steps[0].events, first, 'held: the same entries, not read again');
    for (let k = 1; k <= KEPT_STEPS; k++) assert.ok(steps[k].lr > 0);
    assert.deepEqual([...reads.values()], Array(KEPT_STEPS + 1).fill(1));
    assert.notEqual(steps[0].events, first, `dropped after ${KEPT_STEPS} other steps, read again`);
    assert.deepEqual(steps[0].events, first);
    assert.equal(reads.get('00000.step.json'), 2);
  });

  it('a Continue through every step reads each step\'s file about once, also for a parameter updated in the first step only', () => {
    const { index, builder } = mlpRecording({ steps: STEPS });
    const frozen: TraceIndex = { ...index, steps: index.steps.map((s, k) => ({ ...s, events: s.events.filter((e) => k === 0 || e.phase !== 'update' || e.param !== 'fc2.bias') })) };
    const { text, chunks, reads } = laidOut(frozen);
    // The entries from the step files, the values from the builder (the chunk here is a placeholder).
    const reader = () => ({ ...openTrace('run.bstrace', text, chunks), values: builder.reader(index).values });
    const session = Session.create('', 'run.bstrace', { source: () => new ReplayTrainer(reader()) });
    session.start();
    const end = session.continue();
    assert.ok(end.ok && (end.body as StopInfo).reason === 'end', JSON.stringify(end));
    assert.ok(total(reads) <= 2 * STEPS.length, `${total(reads)} reads of step files for ${STEPS.length} steps`);
  });
});
