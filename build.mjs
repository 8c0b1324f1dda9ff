// Bundles with esbuild. One entry per bundle; add yours to the list.
import { build } from 'esbuild';
import * as path from 'node:path';

/**
 * `import source from './x.ts?worker'`: x bundled on its own, its code as a string, for a worker
 * started from a blob (a webview's scripts come from another origin than the page, so
 * `new Worker(url)` is refused there). The graph panel's layout worker.
 */
const inlineWorker = {
  name: 'inline-worker',
  setup(b) {
    b.onResolve({ filter: /\?worker$/ }, (a) => ({ path: path.resolve(a.resolveDir, a.path.slice(0, -'?worker'.length)), namespace: 'worker' }));
    b.onLoad({ filter: /.*/, namespace: 'worker' }, async (a) => {
      const out = await build({ entryPoints: [a.path], bundle: true, write: false, platform: 'browser', target: 'chrome120', format: 'iife', minify: true, metafile: true, logLevel: 'warning' });
      return { contents: out.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(out.metafile.inputs) };
    });
  },
};

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
    // The loss landscape's threads, started by a session worker (extension/session/landscapePool.ts).
    entryPoints: ['extension/session/landscapeWorker.ts'],
    outfile: 'dist/landscapeWorker.js',
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
    plugins: [inlineWorker],
  },
];

// `node build.mjs webview` builds only the bundles whose output path contains `webview`.
const only = process.argv[2];
const chosen = entries.filter((e) => !only || (e.outdir ?? e.outfile).includes(only));
await Promise.all(chosen.map((e) => build({ bundle: true, sourcemap: true, logLevel: 'warning', ...e })));
