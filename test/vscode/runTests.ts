import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Extension-host integration tests, for `@vscode/test-electron`. They need a VS Code binary, and this
 * runner never downloads one: give the path of a local VS Code in BACKSTEP_VSCODE_EXECUTABLE (e.g.
 * `/usr/share/code/code`, `…/Visual Studio Code.app/Contents/MacOS/Electron`). Without it the runner
 * says plainly that the tests did not run, and why, and exits 0.
 * The extension must be built first (`npm run build`: dist/extension.js).
 */
const root = resolve(__dirname, '..', '..');
const executable = process.env.BACKSTEP_VSCODE_EXECUTABLE;

async function main(): Promise<number> {
  if (!executable) {
    console.log('Extension-host tests (test/vscode) did NOT run: BACKSTEP_VSCODE_EXECUTABLE is not set.');
    console.log('They need a local VS Code binary; this runner never downloads one (machines here cannot reach the update server).');
    console.log('Set BACKSTEP_VSCODE_EXECUTABLE=/path/to/code and run again. The real-editor tests that run here are in e2e/ (code-server).');
    return 0;
  }
  if (!existsSync(executable)) {
    console.error(`BACKSTEP_VSCODE_EXECUTABLE=${executable} does not exist.`);
    return 1;
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `npm run build` first.');
    return 1;
  }
  const out = join(root, 'out', 'vscode-tests');
  await bundleSuite(out);
  const workspace = mkdtempSync(join(tmpdir(), 'backstep-vscode-'));
  writeFileSync(join(workspace, 'broken.nn.yaml'), 'name: broken\nmodel:\n  - linear: { out: 0 }\n');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }));
  // Imported here so that a plain `tsx runTests.ts` without an executable loads nothing that could download.
  const { runTests } = await import('@vscode/test-electron');
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(out, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { BACKSTEP_TEST_WORKSPACE: workspace },
  });
  return 0;
}

/** The suite runs inside VS Code as JavaScript: one bundle per test file, plus the mocha entry. */
async function bundleSuite(out: string): Promise<void> {
  const suite = join(__dirname, 'suite');
  const entryPoints = readdirSync(suite)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(suite, f));
  await build({ entryPoints, outdir: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'mocha'], sourcemap: true, logLevel: 'warning' });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Extension-host tests failed:', error);
    process.exit(1);
  },
);
