#!/usr/bin/env bash
# `npm start`: for a newcomer, after `npm ci`. Builds and packages Backstep, installs what VS Code in
# the browser needs (e2e/setup.sh: Debian's chromium, ripgrep, libkrb5-dev; code-server from npm),
# then serves VS Code on 127.0.0.1 with the .vsix installed and samples/ open, and prints the address
# (and the `ssh -L` line to reach it from a laptop). Ctrl+C stops it and removes everything it made.
#   npm start                 # port 8080 when free, else any free port
#   npm start -- --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/tsx ]; then
  echo "start: the repository's packages are not installed: run npm ci first" >&2
  exit 1
fi

version="$(node -p "require('./package.json').version")"
bash tools/package.sh
bash e2e/setup.sh
exec node_modules/.bin/tsx e2e/serve.ts "backstep-${version}.vsix" samples "$@"
