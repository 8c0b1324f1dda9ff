// Layering is enforced here: the engine stays pure (no VS Code, no DOM, no other layer),
// and the webview never reaches VS Code's API.
import tseslint from 'typescript-eslint';

const engineForbidden = [
  { group: ['vscode', '@vscode/*'], message: 'engine/ must not depend on VS Code.' },
  { group: ['**/extension/**', '../extension', '../../extension'], message: 'engine/ must not import extension/.' },
  { group: ['**/webview/**', '../webview', '../../webview'], message: 'engine/ must not import webview/.' },
  { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'engine/ must run in a worker and a browser: reach Node only through a port.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'e2e/node_modules/**', 'test-artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: engineForbidden }] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['vscode'], message: 'webview/ runs in a browser: talk to the host through the protocol.' }] }] },
  },
);
