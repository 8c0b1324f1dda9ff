// Putting an extension into code-server's extensions folder: a packaged .vsix (installed by
// code-server itself) or an unpacked folder (linked under the name VS Code scans for).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY } from './paths';
import { spawnGroup } from './process-group';

export type ExtensionSource = { vsix: string } | { folder: string };

export interface CodeServerDirs {
  userDataDir: string;
  extensionsDir: string;
}

export async function installExtension(
  source: ExtensionSource,
  dirs: CodeServerDirs,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return 'vsix' in source ? installVsix(path.resolve(source.vsix), dirs, env) : linkFolder(path.resolve(source.folder), dirs);
}

async function installVsix(vsix: string, dirs: CodeServerDirs, env: NodeJS.ProcessEnv): Promise<string> {
  if (!fs.existsSync(vsix)) throw new Error(`no .vsix at ${vsix}: build it first`);
  const installer = spawnGroup(process.execPath, [
    CODE_SERVER_ENTRY,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    '--install-extension', vsix,
  ], { env });
  const code = await Promise.race([installer.exited, timeout(60_000, `installing ${vsix}`)]);
  await installer.stop();
  const output = installer.recentOutput();
  if (code !== 0 || /failed|error/i.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${code}):\n${output}`);
  }
  const id = /Extension '([^']+)' was successfully installed/.exec(output)?.[1];
  return id ?? path.basename(vsix, '.vsix');
}

function linkFolder(folder: string, dirs: CodeServerDirs): string {
  const manifestPath = path.join(folder, 'package.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${folder} has no package.json: not an extension folder`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { publisher?: string; name?: string; version?: string };
  if (!manifest.publisher || !manifest.name || !manifest.version) {
    throw new Error(`${manifestPath} needs publisher, name and version to be loaded as an extension`);
  }
  const id = `${manifest.publisher}.${manifest.name}`;
  fs.symlinkSync(folder, path.join(dirs.extensionsDir, `${id}-${manifest.version}`), 'dir');
  return id;
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref());
}
