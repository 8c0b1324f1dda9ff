import { serveSession, type HostToWorker, type WorkerOptions, type WorkerToHost } from '../../engine/session';
import type { HostPort } from './hostPort';

/**
 * A session in this thread, behind the same messages (cloned as a worker would clone them, so what
 * works here works across threads). Long runs still yield between slices, so a Pause gets in.
 */
export function inProcessPort(options: WorkerOptions = {}): HostPort {
  let toHost: ((m: WorkerToHost) => void) | null = null;
  let toWorker: ((m: HostToWorker) => void) | null = null;
  let closed = false;
  const later = (f: () => void) => setImmediate(() => closed || f());
  serveSession(
    {
      post: (m) => later(() => toHost?.(structuredClone(m))),
      listen: (h) => (toWorker = h),
      nextTurn: () => new Promise((resolve) => setImmediate(resolve)),
    },
    options,
  );
  return {
    post: (m) => later(() => toWorker?.(structuredClone(m))),
    onMessage: (h) => (toHost = h),
    onExit: () => undefined,
    close: () => (closed = true),
  };
}
