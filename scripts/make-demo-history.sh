#!/usr/bin/env bash
# Copies fixtures/demo into a temporary git repository whose commits carry fixed
# dates, so that last-reviewed has history to read: docs/operator/scaling.md was
# reviewed on 2026-03-02, and internal/ratelimit/limiter.go, which it names,
# changed on 2026-04-14. HEAD is dated 2026-05-13, the demo's "now".
#
#   scripts/make-demo-history.sh [DIR]         build the repository in DIR (default: a new temporary folder) and print its path
#   scripts/make-demo-history.sh --run [ARGS]  build it in a temporary folder, run docwarden (dist/) on it with ARGS, remove it
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
run=false
if [ "${1:-}" = "--run" ]; then
  run=true
  shift
  dest="$(mktemp -d "${TMPDIR:-/tmp}/docwarden-demo.XXXXXX")"
  trap 'rm -rf "$dest"' EXIT
else
  dest="${1:-$(mktemp -d "${TMPDIR:-/tmp}/docwarden-demo.XXXXXX")}"
  mkdir -p "$dest"
fi

cp -R "$here/fixtures/demo/." "$dest/"
cd "$dest"
# An empty global configuration outside the repository: the user's settings (signing, hooks) play no part.
gitconfig="$(mktemp "${TMPDIR:-/tmp}/docwarden-demo-gitconfig.XXXXXX")"
if $run; then trap 'rm -rf "$dest" "$gitconfig"' EXIT; else trap 'rm -f "$gitconfig"' EXIT; fi

# Fixed identity and dates; the user's git configuration plays no part.
commit() {
  local when="$1" message="$2"
  shift 2
  git add -A -- "$@"
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" GIT_CONFIG_GLOBAL="$gitconfig" GIT_CONFIG_NOSYSTEM=1 \
    git -c user.name=Demo -c user.email=demo@example.org -c commit.gpgsign=false commit -q -m "$message"
}

GIT_CONFIG_GLOBAL="$gitconfig" GIT_CONFIG_NOSYSTEM=1 git init -q
# The first version of the limiter had no burst: the 2026-04-14 commit adds it.
limiter=internal/ratelimit/limiter.go
cp "$limiter" "$limiter.final"
grep -v -e '^// Burst' -e '^const Burst' "$limiter.final" > "$limiter"
commit "2026-03-01T10:00:00Z" "Initial import" . ':!docs/upgrade.md' ':!*.final'
mv "$limiter.final" "$limiter"
commit "2026-04-14T10:00:00Z" "ratelimit: admit a burst of 10" "$limiter"
commit "2026-05-13T10:00:00Z" "docs: upgrade notes" .

if $run; then
  node "$here/dist/src/bin.js" --root "$dest" "$@"
else
  echo "$dest"
fi
