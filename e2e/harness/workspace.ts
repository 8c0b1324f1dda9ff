// Throwaway workspace folders for tests that must not write into the repository.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trackTempDir } from './cleanup';

export interface TempWorkspace {
  readonly folder: string;
  remove(): Promise<void>;
}

/** A temp folder holding `files` (relative path → content); removed on `remove()` or at exit. */
export function makeTempWorkspace(files: Readonly<Record<string, string>>, copyFrom?: string): TempWorkspace {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'backstep-e2e-ws-'));
  const remove = trackTempDir(folder);
  if (copyFrom) fs.cpSync(copyFrom, folder, { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { folder, remove };
}

/** `.vscode/launch.json` content with the given configurations. */
export function launchJson(...configurations: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ version: '0.2.0', configurations }, null, 2);
}
