#!/usr/bin/env bash
# Fetches PostgreSQL's regression suite for the fidelity harness (`npm run fidelity`, test/fidelity):
# src/test/regress/{sql,expected,data,parallel_schedule} of Debian's postgresql-15 source package, the version
# of the installed server binaries when the archive still has it, extracted to .test-tmp/pg-regress/.
# Nothing of PostgreSQL is committed; this script is what CI runs (.ci/run) to get it.
#
# apt-get source needs a deb-src entry: one is derived from the `deb` entries apt already uses (same URIs,
# suites and components) into /etc/apt/sources.list.d/schemasense-deb-src.sources, when none exists.
# Usage: bash scripts/fidelity-sources.sh        (idempotent; exits 0 at once when the cache is complete)
# Exit status non-zero, with the reason, when the suite cannot be had: the harness then fails loudly.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DEST=.test-tmp/pg-regress
MAJOR=15

if [ -f "$DEST/parallel_schedule" ] && [ -d "$DEST/sql" ] && [ -f "$DEST/VERSION" ]; then
  echo "PostgreSQL regression suite already in $DEST ($(cat "$DEST/VERSION"))"
  exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

# 1. A deb-src entry for the archive apt uses.
has_deb_src() {
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  [ ${#files[@]} -gt 0 ] && grep -qhE '^[[:space:]]*deb-src[[:space:]]|^Types:.*deb-src' "${files[@]}"
}
if ! has_deb_src; then
  tmp="$(mktemp)"
  # deb822 files: every stanza whose Types has `deb` again with `Types: deb-src`.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN{RS="";FS="\n"} {
           deb=0; out="";
           for(i=1;i<=NF;i++){ if($i ~ /^Types:/){ if($i ~ /(^|[ \t])deb([ \t]|$)/) deb=1; out=out "Types: deb-src\n" } else out=out $i "\n" }
           if(deb) printf "%s\n", out
         }' "$f" >>"$tmp"
  done
  # one-line format.
  if [ -f /etc/apt/sources.list ]; then
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' /etc/apt/sources.list >>"$tmp.list" || true
  fi
  if [ -s "$tmp" ]; then as_root cp "$tmp" /etc/apt/sources.list.d/schemasense-deb-src.sources; fi
  if [ -s "$tmp.list" ]; then as_root cp "$tmp.list" /etc/apt/sources.list.d/schemasense-deb-src.list; fi
  rm -f "$tmp" "$tmp.list"
  has_deb_src || { echo "fidelity-sources: found no deb entry to derive a deb-src entry from" >&2; exit 1; }
  echo "fidelity-sources: added a deb-src entry for the archive apt uses"
  for i in 1 2 3 4 5 6; do as_root apt-get update -qq && break; echo "apt-get update failed (dpkg/apt lock?), retrying" >&2; sleep 10; done
elif ! apt-cache showsrc "postgresql-$MAJOR" >/dev/null 2>&1; then
  for i in 1 2 3 4 5 6; do as_root apt-get update -qq && break; echo "apt-get update failed (apt lock?), retrying" >&2; sleep 10; done
fi

# 2. The source package: the installed server's version if the archive has it, else the newest.
installed="$(dpkg-query -W -f='${Version}' "postgresql-$MAJOR" 2>/dev/null || true)"
spec="postgresql-$MAJOR"
if [ -n "$installed" ] && apt-cache showsrc "postgresql-$MAJOR" 2>/dev/null | grep -Fx "Version: $installed" >/dev/null; then
  spec="postgresql-$MAJOR=$installed"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
( cd "$work" && apt-get source --download-only -qq "$spec" ) || {
  echo "fidelity-sources: apt-get source $spec failed (no network, or the archive has no source for it)" >&2; exit 1; }
orig="$(ls "$work"/postgresql-"$MAJOR"_*.orig.tar.* 2>/dev/null | head -1)"
[ -n "$orig" ] || { echo "fidelity-sources: no orig tarball in what apt-get source brought" >&2; exit 1; }
version="$(basename "$orig" | sed -E "s/^postgresql-${MAJOR}_([^/]*)\.orig\.tar\..*$/\1/")"

# 3. Only the regression suite, from the upstream tarball.
mkdir -p "$work/x"
tar -xf "$orig" -C "$work/x" --wildcards \
  '*/src/test/regress/sql/*' '*/src/test/regress/expected/*' '*/src/test/regress/data/*' \
  '*/src/test/regress/parallel_schedule'
src="$(ls -d "$work"/x/*/src/test/regress)"
rm -rf "$DEST.new"
mkdir -p "$DEST.new"
cp -r "$src/sql" "$src/expected" "$src/data" "$src/parallel_schedule" "$DEST.new/"
echo "PostgreSQL $version ($(basename "$orig"))" >"$DEST.new/VERSION"
rm -rf "$DEST"
mv "$DEST.new" "$DEST"
# The server (as the postgres OS user when run as root) reads data/ for COPY ... FROM 'file'.
chmod -R a+rX "$DEST"
echo "fidelity-sources: PostgreSQL $version regression suite in $DEST ($(ls "$DEST/sql" | wc -l) sql files)"
