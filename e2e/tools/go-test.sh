#!/usr/bin/env bash
# Runs `go test ./...` in every module under e2e/tools that has Go tests, with build.sh's Go settings (go-env.sh).
# CI runs it in the e2e tier (.ci/e2e.sh). A module with tests that fail, or no Go at all, fails the run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v go >/dev/null || { echo "go-test.sh: no go on PATH; the e2e tier needs the Go toolchain (docs/e2e.md)" >&2; exit 1; }
# shellcheck source=go-env.sh
. "$here/go-env.sh"
ran=0
for mod in "$here"/*/go.mod; do
  dir="$(dirname "$mod")"
  [ -n "$(find "$dir" -name '*_test.go' -print -quit)" ] || continue
  echo "== go test: $(basename "$dir")" >&2
  (cd "$dir" && go test -count=1 ./...)
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "go-test.sh: found no module with Go tests under $here" >&2; exit 1; }
