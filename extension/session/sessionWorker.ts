import { parentPort } from 'node:worker_threads';
import { serveSession } from '../../engine/session';
import { nodeChunkFiles } from '../dap/chunkFiles';

/** The worker thread of one debug session (bundled as dist/sessionWorker.js); launch overrides come with `open`. */
if (parentPort) {
  const port = parentPort;
  serveSession({
    post: (m) => port.postMessage(m),
    listen: (h) => port.on('message', h),
    nextTurn: () => new Promise((resolve) => setImmediate(resolve)),
  }, { chunkFiles: nodeChunkFiles });
}
