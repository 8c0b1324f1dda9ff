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
];

await Promise.all(entries.map((e) => build({ bundle: true, sourcemap: true, logLevel: 'warning', ...e })));
