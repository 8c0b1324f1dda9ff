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
  {
    // The webviews (browser code): the Inspector and the graph panel, each a script and a stylesheet;
    // KaTeX's fonts are copied beside them. Loaded by extension/views under a CSP that allows only this folder.
    entryPoints: [
      { in: 'webview/inspector/main.ts', out: 'inspector' },
      { in: 'webview/inspector/inspector.css', out: 'inspector' },
      { in: 'webview/graph/main.ts', out: 'graph' },
      { in: 'webview/graph/graph.css', out: 'graph' },
    ],
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    minify: true,
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]',
  },
];

// `node build.mjs webview` builds only the bundles whose output path contains `webview`.
const only = process.argv[2];
const chosen = entries.filter((e) => !only || (e.outdir ?? e.outfile).includes(only));
await Promise.all(chosen.map((e) => build({ bundle: true, sourcemap: true, logLevel: 'warning', ...e })));
