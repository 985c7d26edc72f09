#!/usr/bin/env bash
# The real-engine e2e (issue 8): builds the Go toolchain into its cache (e2e/tools/build.sh; a warm cache rebuilds
# nothing), then `npm run e2e -- --stack lab` against the lab datacenter. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps.sh
echo "== $(go version)"
bash e2e/tools/build.sh >/dev/null
npm run e2e -- --stack lab --report e2e-report.json
