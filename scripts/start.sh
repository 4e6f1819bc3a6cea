#!/usr/bin/env bash
# The quick start: from a fresh clone to SchemaSense running on examples/sample-project.
# Installs what is missing (npm packages; Debian chromium and code-server's build needs through
# scripts/install-editor-deps.sh), builds, checks the sample with the CLI (its migration 015 has the
# 42703 of the README), then opens the sample in code-server with the extension and prints the URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-editor-deps.sh
npm run build

echo
echo "==> schemasense check examples/sample-project"
node bin/schemasense.js check --root examples/sample-project || true
echo

exec node scripts/demo.js "$@"
