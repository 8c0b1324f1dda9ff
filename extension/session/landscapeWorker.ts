import { parentPort } from 'node:worker_threads';
import { gridRow, type GridTask } from '../../engine/session/surface/gridTask';
import { PlaneLosses } from '../../engine/session/surface/planeLosses';

/** What the pool (./landscapePool.ts) sends a thread: the task once, then row after row. */
export type ToLandscapeThread = { readonly kind: 'task'; readonly task: GridTask } | { readonly kind: 'row'; readonly j: number };
/** What a thread answers: each row (its buffer transferred), or what went wrong. */
export type FromLandscapeThread = { readonly kind: 'row'; readonly j: number; readonly values: Float64Array } | { readonly kind: 'failed'; readonly message: string };

/** One thread of the loss landscape's pool (bundled as dist/landscapeWorker.js): rows of one task's grid. */
if (parentPort) {
  const port = parentPort;
  let rows: { readonly task: GridTask; readonly losses: PlaneLosses } | null = null;
  const post = (m: FromLandscapeThread, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  port.on('message', (m: ToLandscapeThread) => {
    try {
      if (m.kind === 'task') rows = { task: m.task, losses: new PlaneLosses(m.task.chain, m.task.plane) };
      else if (!rows) post({ kind: 'failed', message: `row ${m.j} asked before the task` });
      else {
        const values = gridRow(rows.losses, rows.task, m.j);
        post({ kind: 'row', j: m.j, values }, [values.buffer as ArrayBuffer]);
      }
    } catch (e) {
      post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
