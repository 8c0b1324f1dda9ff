import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LandscapePool } from '../../engine/session/surface/pool';
import type { FromLandscapeThread, ToLandscapeThread } from './landscapeWorker';

/** Most threads one landscape takes, however many cores the machine has. */
export const LANDSCAPE_THREADS = 4;

/** Rows a thread is given ahead: the next one waits in its queue while it computes one, so it never idles on a message. */
const AHEAD = 2;

/**
 * The loss landscape's rows on min(cores, 4) worker threads running `script`
 * (dist/landscapeWorker.js). Rows are handed out as threads finish them, so a slower thread takes
 * fewer. The threads are started by the first landscape and kept for the next (idle, they hold
 * nothing up: unref'd); a cancel or a failure ends them at once, and the next landscape starts anew.
 */
export function threadPool(script: string, threads = Math.min(availableParallelism(), LANDSCAPE_THREADS)): LandscapePool {
  let kept: Worker[] = [];
  const start = (): Worker => {
    const w = new Worker(script);
    w.unref();
    // Between landscapes a thread that fails or stops is only forgotten.
    w.on('error', () => undefined);
    w.on('exit', () => (kept = kept.filter((k) => k !== w)));
    return w;
  };
  const stopAll = (): void => {
    for (const w of kept) void w.terminate();
    kept = [];
  };
  return {
    run(task, onRow, onFail) {
      const count = Math.max(1, Math.min(threads, task.n));
      while (kept.length < count) kept.push(start());
      const workers = kept.slice(0, count);
      let next = 0;
      let done = 0;
      let over = false;
      const give = (w: Worker): void => {
        if (next < task.n) w.postMessage({ kind: 'row', j: next++ } satisfies ToLandscapeThread);
      };
      const fail = (message: string): void => {
        if (over) return;
        finish(true);
        onFail(message);
      };
      const listeners = workers.map((w) => ({
        w,
        message: (m: FromLandscapeThread): void => {
          if (over) return;
          if (m.kind === 'failed') return fail(m.message);
          onRow(m.j, m.values);
          if (++done === task.n) finish(false);
          else give(w);
        },
        error: (e: Error): void => fail(e.message),
        exit: (code: number): void => fail(`a landscape thread stopped (exit code ${code})`),
      }));
      function finish(stop: boolean): void {
        if (over) return;
        over = true;
        for (const l of listeners) l.w.off('message', l.message).off('error', l.error).off('exit', l.exit);
        if (stop) stopAll();
      }
      for (const l of listeners) {
        l.w.on('message', l.message).on('error', l.error).on('exit', l.exit);
        l.w.postMessage({ kind: 'task', task } satisfies ToLandscapeThread);
        for (let k = 0; k < AHEAD; k++) give(l.w);
      }
      return { cancel: () => finish(true) };
    },
  };
}
