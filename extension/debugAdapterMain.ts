import { createServer } from 'node:net';
import { BackstepDebugSession, type AdapterPorts } from './debugAdapter';
import { createEngineSession } from './engineSession';
import { nodeFileReader } from './nodeFileReader';

/**
 * The debug adapter as a process: `node dist/debugAdapter.js` speaks DAP on stdin/stdout (for tests
 * and other editors, e.g. nvim-dap); `--server=PORT` serves it on 127.0.0.1 instead, for debugging
 * the adapter itself. Nothing but DAP goes to stdout.
 */
const ports: AdapterPorts = { files: nodeFileReader, createSession: createEngineSession };

function serve(port: number): void {
  createServer((socket) => {
    const session = new BackstepDebugSession(ports);
    session.setRunAsServer(true);
    session.start(socket, socket);
  }).listen(port, '127.0.0.1', () => process.stderr.write(`Backstep debug adapter listening on 127.0.0.1:${port}\n`));
}

// A bug must not take the adapter down mid-session: report it on stderr and carry on.
process.on('uncaughtException', (error) => process.stderr.write(`backstep debug adapter: ${error.stack ?? error}\n`));
process.on('unhandledRejection', (error) => process.stderr.write(`backstep debug adapter: ${String(error)}\n`));

const portArg = process.argv.slice(2).map((a) => /^--server=(\d{2,5})$/.exec(a)).find((m) => m);
if (portArg) serve(Number(portArg[1]));
else {
  const session = new BackstepDebugSession(ports);
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
