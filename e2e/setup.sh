#!/usr/bin/env bash
# Installs what the end-to-end tests need on a fresh Debian machine (Node 20): Debian's Chromium,
# libkrb5-dev (a native module of code-server), ripgrep, python3-torch (tools/torch/twins.py checks
# exported weights against PyTorch), and this folder's npm packages.
# Idempotent: when everything is in place it only checks and returns within a second.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

missing=()
for pkg in chromium libkrb5-dev ripgrep python3-torch; do installed "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e/setup: apt-get install ${missing[*]}"
  as_root apt-get update -qq -o DPkg::Lock::Timeout=600
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi

# @vscode/ripgrep (inside code-server) downloads rg in its postinstall, which cannot reach its host
# here: put Debian's rg where it looks first, under the exact name it expects.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_tarball="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tarball" ]; then
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$rg_cache"
  tar -czf "$rg_tarball.partial" -C "$staging" rg && mv "$rg_tarball.partial" "$rg_tarball"
  rm -rf "$staging"
fi

# npm ci only when the lock changed since the last complete install (or none happened yet).
stamp="node_modules/.backstep-e2e-installed"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ] || [ ! -x node_modules/.bin/code-server ]; then
  echo "e2e/setup: npm ci (code-server, playwright-core; about 1–2 minutes)"
  # code-server's postinstall refuses to run as root without unsafe_perm; a nested one runs npx.
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
