#!/usr/bin/env bash
# Debian packages the lab and the e2e need: FRR, BIRD 2, OpenSSH, ping, openssl and util-linux's flock.
# Installs only what is missing, without starting their system services.
set -euo pipefail
need=()
for pair in frr:/usr/lib/frr/bgpd bird2:/usr/sbin/bird openssh-server:/usr/sbin/sshd openssh-client:/usr/bin/ssh iputils-ping:/usr/bin/ping openssl:/usr/bin/openssl util-linux:/usr/bin/flock; do
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
