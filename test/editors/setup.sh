#!/usr/bin/env bash
# Installs the third-party editors that test/editors/*.test.ts drive, with apt,
# only when missing: Debian's neovim (0.7.2 on Debian 12). A missing editor is
# installed here, never skipped by the tests.
set -euo pipefail
log() { echo "[editors setup] $*"; }
missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
if [ ${#missing[@]} -eq 0 ]; then log "editors present: $(nvim --version | head -n 1)"; exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log "installing ${missing[*]} with apt-get"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; }
log "installed: $(nvim --version | head -n 1)"
