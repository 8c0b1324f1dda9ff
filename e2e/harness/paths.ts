// Where things are: the e2e folder, the repository, code-server's entry point, test artifacts.
import * as path from 'node:path';

export const E2E_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** Debian's browser; never one that Playwright downloads. */
export const CHROMIUM_PATH = process.env.BACKSTEP_E2E_CHROMIUM ?? '/usr/bin/chromium';
