import { DebugClient } from '@vscode/debugadapter-testsupport';
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * The stdio debug adapter as it ships: dist/debugAdapter.js and the session and landscape workers beside it, built
 * from the current sources with the options of build.mjs (so the tests never run a stale bundle).
 */
const root = join(__dirname, '..', '..', '..');
export const ADAPTER = join(root, 'dist', 'debugAdapter.js');

let built: Promise<void> | null = null;

export function buildAdapter(): Promise<void> {
  built ??= build({
    entryPoints: { debugAdapter: join(root, 'extension/debugAdapterMain.ts'), sessionWorker: join(root, 'extension/session/sessionWorker.ts'), landscapeWorker: join(root, 'extension/session/landscapeWorker.ts') },
    outdir: join(root, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  }).then(() => undefined);
  return built;
}

export async function startAdapter(): Promise<DebugClient> {
  await buildAdapter();
  const dc = new DebugClient('node', ADAPTER, 'backstep');
  dc.defaultTimeout = 15_000;
  await dc.start();
  return dc;
}
