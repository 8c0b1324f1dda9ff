// A child process in its own process group (setsid), stopped by signalling the whole group: code-server
// starts extension hosts and other helpers that outlive its main process otherwise.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { track } from './cleanup';

export interface GroupProcess {
  readonly pid: number;
  /** Resolves with the main process's exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The last few kilobytes it printed, for error messages. */
  recentOutput(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once no process of the group is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Everything the process prints is appended here too. */
  logFile?: string;
}

const KEEP_OUTPUT = 16_000;

export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-KEEP_OUTPUT);
    log?.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => log?.end());

  const untrack = track({
    label: `${command} (process group ${pid})`,
    release: () => stopGroup(pid, 5000),
    releaseNow: () => signalGroup(pid, 'SIGKILL'),
  });
  return {
    pid,
    exited,
    recentOutput: () => output,
    stop: async (graceMs = 5000) => {
      await stopGroup(pid, graceMs);
      await untrack();
    },
  };
}

export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: no process left in the group
  }
}

async function stopGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitUntilGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  if (!(await waitUntilGone(pgid, 5000))) throw new Error(`process group ${pgid} survived SIGKILL`);
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !groupAlive(pgid);
}
