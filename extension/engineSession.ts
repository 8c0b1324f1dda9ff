import { join } from 'node:path';
import type { SessionClient } from '../engine/protocol';
import { workerPort } from './session/hostPort';
import { PortSessionClient } from './session/portClient';

/**
 * The engine's session for one debug session, in its own worker thread (dist/sessionWorker.js, next
 * to the bundle that runs this): a long Continue never blocks the extension host or the adapter, and
 * Pause gets through between slices.
 */
export function createEngineSession(): SessionClient {
  return new PortSessionClient(() => workerPort(join(__dirname, 'sessionWorker.js')));
}
