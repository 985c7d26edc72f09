#!/usr/bin/env bash
# The lab suite (issue 3): real FRR, BIRD 2 and OpenSSH in network namespaces. Needs root.
# Installs the daemons with apt-get if missing, without starting their system services, then runs the lab tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pair in frr:/usr/lib/frr/bgpd bird2:/usr/sbin/bird openssh-server:/usr/sbin/sshd openssh-client:/usr/bin/ssh iputils-ping:/usr/bin/ping; do
  [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "== installing ${need[*]}"
  # policy-rc.d exit 101: Debian's maintainer scripts must not start frr, bird or ssh on this machine.
  created_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
  [ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d
fi
echo "== $(bird --version 2>&1), $(/usr/lib/frr/bgpd --version | head -1), $(ssh -V 2>&1)"
npm run test:lab
