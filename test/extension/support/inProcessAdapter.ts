import { DebugClient } from '@vscode/debugadapter-testsupport';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackstepDebugSession } from '../../../extension/debugAdapter';
import { nodeFileReader } from '../../../extension/nodeFileReader';
import { FakeSession } from '../../support/fake-session';

/**
 * The debug adapter served over a local socket in this process, driven by a `DebugClient` and backed
 * by fake sessions: the adapter's translation is tested without the engine and without a build.
 */
export interface InProcessAdapter {
  readonly dc: DebugClient;
  /** Every fake session the adapter created, oldest first. */
  readonly sessions: FakeSession[];
  /** The newest one. */
  readonly session: FakeSession;
  close(): Promise<void>;
}

export async function startInProcessAdapter(): Promise<InProcessAdapter> {
  const sessions: FakeSession[] = [];
  const server: Server = createServer((socket) => {
    const adapter = new BackstepDebugSession({
      files: nodeFileReader,
      createSession: () => {
        const s = new FakeSession();
        sessions.push(s);
        return s;
      },
    });
    adapter.setRunAsServer(true);
    adapter.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dc = new DebugClient('node', 'unused', 'backstep');
  await dc.start((server.address() as AddressInfo).port);
  return {
    dc,
    sessions,
    get session() {
      return sessions[sessions.length - 1];
    },
    async close() {
      await dc.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A folder of temporary model files, removed by `dispose`. */
export class TempFiles {
  private readonly dir = mkdtempSync(join(tmpdir(), 'backstep-dap-'));

  write(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
