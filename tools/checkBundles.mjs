// Fails when a bundle requires a package that is not a Node built-in or `vscode`: the .vsix ships
// no node_modules, so such a require would throw at run time in the user's VS Code.
//   node tools/checkBundles.mjs dist/extension.js dist/sessionWorker.js
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const allowed = new Set(['vscode', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
let bad = 0;
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const required = new Set([...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
  for (const name of required) {
    if (allowed.has(name) || name.startsWith('.')) continue;
    console.error(`${file} requires "${name}", which the .vsix does not ship (bundle it, or make it external on purpose)`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
