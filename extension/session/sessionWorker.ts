import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { serveSession } from '../../engine/session';
import { nodeChunkFiles } from '../dap/chunkFiles';
import { threadPool } from './landscapePool';

/** The worker thread of one debug session (bundled as dist/sessionWorker.js); launch overrides come with `open`; the loss landscape's threads run dist/landscapeWorker.js beside it. */
if (parentPort) {
  const port = parentPort;
  serveSession({
    post: (m) => port.postMessage(m),
    listen: (h) => port.on('message', h),
    nextTurn: () => new Promise((resolve) => setImmediate(resolve)),
  }, { chunkFiles: nodeChunkFiles, landscapePool: threadPool(join(__dirname, 'landscapeWorker.js')) });
}
