import { DebugClient } from '@vscode/debugadapter-testsupport';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileReader } from '../../../extension/dap/fileReader';
import { BackstepDebugSession } from '../../../extension/debugAdapter';
import { nodeFileReader } from '../../../extension/nodeFileReader';
import { inProcessPort } from '../../../extension/session/inProcessPort';
import { PortSessionClient } from '../../../extension/session/portClient';
import { RecordingClient } from './recordingClient';

/**
 * The debug adapter served over a local socket in this process, driven by a `DebugClient` and backed
 * by the engine's real session behind the in-process port (the messages a worker would carry): the
 * adapter's translation is tested against the stepping it translates, without a build.
 */
export interface InProcessAdapter {
  readonly dc: DebugClient;
  /** Every session the adapter created, oldest first, with what the adapter asked of it. */
  readonly sessions: RecordingClient[];
  /** The newest one. */
  readonly session: RecordingClient;
  close(): Promise<void>;
}

/** `hint`: the launch configuration the adapter knows before `initialize`, as VS Code's inline adapter does; `files`: another file reader. */
export async function startInProcessAdapter(hint?: Record<string, unknown>, files: FileReader = nodeFileReader): Promise<InProcessAdapter> {
  const sessions: RecordingClient[] = [];
  const server: Server = createServer((socket) => {
    const adapter = new BackstepDebugSession(
      {
        files,
        createSession: () => {
          const s = new RecordingClient(new PortSessionClient(() => inProcessPort()));
          sessions.push(s);
          return s;
        },
      },
      hint,
    );
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

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
