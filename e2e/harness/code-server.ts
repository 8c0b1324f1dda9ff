// Starts code-server (VS Code 1.100 in the browser) on 127.0.0.1 with a free port, in its own process
// group, with every folder it writes to (user data, extensions, XDG dirs) inside one temp folder.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { trackTempDir } from './cleanup';
import { installExtension, type ExtensionSource } from './extensions';
import { CODE_SERVER_ENTRY } from './paths';
import { freePort } from './ports';
import { spawnGroup, type GroupProcess } from './process-group';
import { QUIET_SETTINGS } from './settings';

export interface CodeServerOptions {
  /** The workspace folder VS Code opens. */
  folder: string;
  extensions?: readonly ExtensionSource[];
  /** User settings, on top of the quiet defaults. */
  settings?: Readonly<Record<string, unknown>>;
  /** code-server's output is written here (default: inside the temp folder, removed on stop). */
  logFile?: string;
  /** Fixed port (default: a free one). Only ever bound on 127.0.0.1. */
  port?: number;
  /**
   * Keep VS Code's workspace trust on (default off): with `security.workspace.trust.enabled: true` in
   * `settings`, the folder opens untrusted, in Restricted Mode.
   */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** Its process id, which is also its process group id. */
  readonly pid: number;
  readonly port: number;
  /** The page to open: the workbench with `folder` loaded. */
  readonly url: string;
  readonly folder: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Ids (`publisher.name`) of the extensions installed before start. */
  readonly extensionIds: readonly string[];
  /** Resolves when code-server's main process exits (on its own or by `stop`). */
  readonly exited: Promise<number | null>;
  recentOutput(): string;
  /**
   * Kills the whole process group and removes the temp folder; `keepLogsIn` first receives a copy of
   * VS Code's logs (the extension host's log holds an extension's activation errors).
   */
  stop(options?: { keepLogsIn?: string }): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed: run bash e2e/setup.sh`);
  const folder = path.resolve(options.folder);
  if (!fs.statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backstep-e2e-'));
  const removeRoot = trackTempDir(root);
  try {
    const dirs = makeDirs(root, options.settings);
    const env = isolatedEnv(root);
    const extensionIds: string[] = [];
    for (const source of options.extensions ?? []) extensionIds.push(await installExtension(source, dirs, env));
    const port = options.port ?? (await freePort());
    const server = spawnGroup(process.execPath, [
      CODE_SERVER_ENTRY,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', dirs.userDataDir,
      '--extensions-dir', dirs.extensionsDir,
      folder,
    ], { env, cwd: root, logFile: options.logFile ?? path.join(root, 'code-server.log') });
    await waitForHealth(port, server);
    return {
      pid: server.pid,
      port,
      url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
      folder,
      ...dirs,
      extensionIds,
      exited: server.exited,
      recentOutput: () => server.recentOutput(),
      stop: async ({ keepLogsIn } = {}) => {
        await server.stop();
        if (keepLogsIn) copyLogs(path.join(dirs.userDataDir, 'logs'), keepLogsIn);
        await removeRoot();
      },
    };
  } catch (err) {
    await removeRoot();
    throw err;
  }
}

function makeDirs(root: string, settings: CodeServerOptions['settings']): { userDataDir: string; extensionsDir: string } {
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const xdg of ['config', 'data', 'cache']) fs.mkdirSync(path.join(root, 'xdg', xdg), { recursive: true });
  const merged = { ...QUIET_SETTINGS, ...settings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(merged, null, 2));
  return { userDataDir, extensionsDir };
}

function copyLogs(from: string, to: string): void {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

/** code-server writes to the home folder's XDG dirs unless told otherwise. */
function isolatedEnv(root: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VSCODE_IPC_HOOK_CLI; // set when run from a VS Code terminal: would target that VS Code
  return {
    ...env,
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
  };
}

async function waitForHealth(port: number, server: GroupProcess): Promise<void> {
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await server.stop();
      throw new Error(`code-server exited (code ${exitCode}) before answering:\n${server.recentOutput()}`);
    }
    if (await healthy(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`code-server did not answer /healthz within ${STARTUP_TIMEOUT_MS} ms:\n${server.recentOutput()}`);
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}
