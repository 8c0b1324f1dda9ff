// Bundles with esbuild. One entry per bundle; add yours to the list.
import { build } from 'esbuild';

const entries = [
  {
    // The command line: `backstep check|run|trace <file>`.
    entryPoints: ['tools/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The VS Code extension; its debug adapter runs inline. `vscode` is provided by the editor.
    entryPoints: ['extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    // The same debug adapter as a process speaking DAP on stdin/stdout: `node dist/debugAdapter.js`.
    entryPoints: ['extension/debugAdapterMain.ts'],
    outfile: 'dist/debugAdapter.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
  {
    // The worker thread that runs one debug session's engine (started by both of the above).
    entryPoints: ['extension/session/sessionWorker.ts'],
    outfile: 'dist/sessionWorker.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
];

await Promise.all(entries.map((e) => build({ bundle: true, sourcemap: true, logLevel: 'warning', ...e })));
