// Serves Backstep in code-server for a person to open in their browser (used by `npm start`).
// Builds nothing: give it a packaged .vsix (or an unpacked extension folder) and a workspace folder.
//   tsx e2e/serve.ts <backstep.vsix | extension folder> [workspace folder, default samples/] [--port N]
// Runs until Ctrl+C, then removes every process and temp file it made.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from './harness/code-server';
import type { ExtensionSource } from './harness/extensions';
import { REPO_ROOT } from './harness/paths';
import { freePort } from './harness/ports';

const DEFAULT_PORT = 8080;

interface ServeArgs {
  extension: ExtensionSource;
  folder: string;
  port?: number;
}

function parseArgs(argv: readonly string[]): ServeArgs {
  const positional: string[] = [];
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i]);
    else positional.push(argv[i] ?? '');
  }
  const [extensionPath, folder = path.join(REPO_ROOT, 'samples')] = positional;
  if (!extensionPath) usage('no extension given');
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) usage('--port needs a port number');
  if (!fs.existsSync(extensionPath)) usage(`${extensionPath} does not exist (build the .vsix first)`);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) usage(`${folder} is not a folder`);
  const extension: ExtensionSource = extensionPath.endsWith('.vsix') ? { vsix: extensionPath } : { folder: extensionPath };
  return { extension, folder, port };
}

function usage(problem: string): never {
  console.error(`serve: ${problem}\nusage: tsx e2e/serve.ts <backstep.vsix | extension folder> [workspace folder] [--port N]`);
  process.exit(2);
}

/** The fixed default port when it is free (stable for an ssh tunnel), else any free one. */
async function choosePort(requested: number | undefined): Promise<number> {
  if (requested !== undefined) return requested;
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(DEFAULT_PORT, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? DEFAULT_PORT : freePort();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const port = await choosePort(args.port);
  console.log(`Starting VS Code (code-server) with ${Object.values(args.extension)[0]} on ${args.folder} …`);
  const server = await startCodeServer({ folder: args.folder, extensions: [args.extension], port });
  const user = os.userInfo().username;
  console.log(
    [
      '',
      `Backstep is ready. Open in a browser on this machine:`,
      `  ${server.url}`,
      `From another machine, forward the port first (it listens on 127.0.0.1 only), then open the same address:`,
      `  ssh -N -L ${port}:127.0.0.1:${port} ${user}@${os.hostname()}`,
      '',
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  // Ctrl+C is handled by the harness: it kills the process group and removes the temp folder.
  const code = await server.exited;
  console.error(`code-server stopped on its own (exit ${code}):\n${server.recentOutput()}`);
  await server.stop();
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
