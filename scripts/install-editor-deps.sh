#!/usr/bin/env bash
# Installs what the editor tests (test/e2e) and the demo (`npm start`) need, from Debian apt and the npm
# registry only (see shared/docs/machine.md, "A real VS Code, end to end"):
#   - Debian `chromium` (driven by playwright-core) and the packages code-server's install builds against;
#   - the archive code-server's bundled @vscode/ripgrep would download at install time, made from Debian's
#     `rg` and put where that package looks first, so nothing is fetched from the internet;
#   - code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into .test-tmp/code-server,
#     an npm prefix of its own so the project's `npm ci` never has to build it.
# Idempotent: what is already in place is kept. Needs root or passwordless sudo for apt-get.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DEBIAN_FRONTEND=noninteractive

CODE_SERVER_VERSION=4.100.3
PREFIX=.test-tmp/code-server
APT_PACKAGES=(chromium libkrb5-dev libsecret-1-dev pkg-config ripgrep)

log() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# @vscode/ripgrep 1.15.11 (inside code-server) downloads this archive unless it is in its cache directory.
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_archive" ]; then
  log "ripgrep cache $rg_archive (from $(command -v rg))"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$rg_cache"
  tar -czf "$rg_archive" -C "$staging" rg
  rm -rf "$staging"
fi

code_server="$PREFIX/node_modules/.bin/code-server"
if ! "$code_server" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  log "npm install code-server@$CODE_SERVER_VERSION into $PREFIX"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  # code-server's postinstall installs VS Code's own modules; argon2 (loaded at start-up) is built from
  # source instead of downloading a prebuilt binary.
  cat >"$PREFIX/package.json" <<'JSON'
{
  "private": true,
  "description": "code-server for SchemaSense's editor tests and demo (scripts/install-editor-deps.sh)",
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  # unsafe_perm: the postinstall runs as root; yes: it calls npx.
  (cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_build_from_source=argon2 \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null)
fi

log "code-server $("$code_server" --version | head -1 | cut -d' ' -f1) in $PREFIX; $(chromium --version 2>/dev/null)"
