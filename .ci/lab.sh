#!/usr/bin/env bash
# The lab suite (issue 3): real FRR, BIRD 2 and OpenSSH in network namespaces. Needs root.
# Installs the daemons if missing (.ci/deps.sh), then runs the lab tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/deps.sh
echo "== $(bird --version 2>&1), $(/usr/lib/frr/bgpd --version | head -1), $(ssh -V 2>&1)"
npm run test:lab
