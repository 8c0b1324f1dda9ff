import { parentPort, workerData } from 'node:worker_threads';
import { serveSession } from '../../engine/session';
import { sessionOptions, type RunOptions } from './sessionOptions';

/** The worker thread of one debug session (bundled as dist/sessionWorker.js). */
if (parentPort) {
  const port = parentPort;
  serveSession(
    {
      post: (m) => port.postMessage(m),
      listen: (h) => port.on('message', h),
      nextTurn: () => new Promise((resolve) => setImmediate(resolve)),
    },
    sessionOptions((workerData ?? {}) as RunOptions),
  );
}
