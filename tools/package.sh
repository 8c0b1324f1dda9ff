#!/usr/bin/env bash
# Builds the bundles and packages the extension as backstep-<version>.vsix in the repository root,
# offline: the bundles are self-contained, so vsce is told not to look at node_modules at all.
# What goes in is listed in .vscodeignore.
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(node -p "require('./package.json').version")"
vsix="backstep-${version}.vsix"

node build.mjs
# The bundles may require Node's built-ins and `vscode` only: nothing from node_modules ships.
node tools/checkBundles.mjs dist/extension.js dist/sessionWorker.js dist/landscapeWorker.js
npx --no-install vsce package --no-dependencies --allow-missing-repository --out "$vsix" >/dev/null
echo "package: $vsix ($(du -k "$vsix" | cut -f1) KB, $(unzip -Z1 "$vsix" | wc -l) files)"
