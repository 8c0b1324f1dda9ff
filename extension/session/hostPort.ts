import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../../engine/session';

/**
 * The host's end of the channel to a session served by `serveSession`: a Node worker thread (the
 * extension and the stdio adapter: a long Continue never blocks them) or the same thread
 * (./inProcessPort.ts, for tests).
 */
export interface HostPort {
  post(message: HostToWorker): void;
  onMessage(handler: (message: WorkerToHost) => void): void;
  /** The other end went away (a worker crashed or was stopped); `reason` says why. */
  onExit(handler: (reason: string) => void): void;
  close(): void;
}

/** A session in a worker thread running `script` (dist/sessionWorker.js). */
export function workerPort(script: string): HostPort {
  const worker = new Worker(script);
  let closing = false;
  return {
    post: (m) => worker.postMessage(m),
    onMessage: (h) => worker.on('message', h),
    onExit: (h) => {
      worker.on('error', (e) => h(`the session failed: ${e.message}`));
      worker.on('exit', (code) => closing || h(`the session's worker stopped (exit code ${code})`));
    },
    close: () => {
      closing = true;
      void worker.terminate();
    },
  };
}
