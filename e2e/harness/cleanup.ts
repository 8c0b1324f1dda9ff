// Every process and temp folder the harness makes is registered here, so that it is removed on a
// normal close, on a failed test, and — synchronously — when the Node process exits or is interrupted.
import * as fs from 'node:fs';

interface Resource {
  readonly label: string;
  release(): Promise<void>;
  /** Last resort from an `exit` handler, where nothing asynchronous runs. */
  releaseNow(): void;
}

const live = new Set<Resource>();
let hooked = false;

export function track(resource: Resource): () => Promise<void> {
  hookProcessExit();
  live.add(resource);
  return async () => {
    if (!live.delete(resource)) return;
    await resource.release();
  };
}

export function trackTempDir(dir: string): () => Promise<void> {
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  return track({ label: `temp folder ${dir}`, release: async () => remove(), releaseNow: remove });
}

/** Releases everything still registered (newest first). */
export async function releaseAll(): Promise<void> {
  for (const resource of [...live].reverse()) {
    live.delete(resource);
    await resource.release().catch((err: unknown) => console.error(`cleanup of ${resource.label} failed:`, err));
  }
}

function releaseAllNow(): void {
  for (const resource of [...live].reverse()) {
    live.delete(resource);
    try {
      resource.releaseNow();
    } catch {
      // Exiting anyway: nothing more can be done for this one.
    }
  }
}

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', releaseAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      releaseAllNow();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}
