// The FRR dialect's exact scripts: guarded, idempotent create; delete that removes only our stanzas.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { frr } from "../../model/plan/dialects/frr";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { planOf, stackConfig } from "../helpers/fixtures";

const negotiates = { addressFamilies: ["ipv4-unicast" as const], addPathReceive: true };
const groups = [
  {
    name: "K8S-RR",
    role: "reflectors" as const,
    description: "bgp-fabric z1 route reflectors",
    remoteAs: 65001,
    updateSource: "10.0.0.1",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: true,
    nextHopSelf: true,
    passwordRef: "bgpPasswords.z1",
    negotiates,
    routeMapIn: "bgp-fabric-z1-rr-in",
    routeMapOut: "bgp-fabric-z1-rr-out",
    maximumPrefix: 20000,
  },
  {
    name: "K8S-INGRESS",
    role: "ingress" as const,
    description: "bgp-fabric z1 ingress nodes",
    remoteAs: 65001,
    updateSource: "10.0.0.1",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: false,
    nextHopSelf: true,
    passwordRef: "bgpPasswords.z1",
    negotiates,
    routeMapIn: "bgp-fabric-z1-ingress-in",
    routeMapOut: "bgp-fabric-z1-ingress-out",
    maximumPrefix: 2000,
  },
];
const prefixLists = [
  {
    name: "bgp-fabric-z1-pools",
    description: "bgp-fabric z1 loadbalancer pools",
    entries: [{ seq: 5, action: "permit" as const, prefix: "192.0.2.0/28", ge: 32 }],
  },
];
const routeMaps = [
  {
    name: "bgp-fabric-z1-ingress-in",
    entries: [
      {
        seq: 10,
        action: "permit" as const,
        description: "bgp-fabric z1 from ingress nodes",
        matchPrefixList: "bgp-fabric-z1-pools",
        localPreference: 100,
      },
    ],
  },
  {
    name: "bgp-fabric-z1-ingress-out",
    entries: [{ seq: 10, action: "deny" as const, description: "bgp-fabric z1 to ingress nodes" }],
  },
];
/** Commands as the plan composes them (switches.ts): the dialect's scripts behind the health gate. */
const base = () => {
  const r = rawBase();
  return {
    ...r,
    create: gatedCreate(frr, {
      label: "z1/sw1",
      asn: 65001,
      changeId: "z1-sw1-bgp-base",
      create: r.create,
      delete: r.delete,
    }),
  };
};
const CHECK = {
  addresses: ["10.0.0.21"],
  timeoutSeconds: 120,
  changeId: "z1-sw1-neighbor-10.0.0.21",
};
const neighbor = () => {
  const r = rawNeighbor();
  const create = gatedCreate(frr, {
    label: "z1/sw1",
    asn: 65001,
    changeId: CHECK.changeId,
    create: r.create,
    delete: r.delete,
    check: CHECK,
  });
  return { ...r, create, healthCheck: CHECK };
};
const rawBase = () =>
  frr.base({
    label: "z1/sw1",
    changeId: "z1-sw1-bgp-base",
    asn: 65001,
    maximumPaths: 16,
    prefixLists,
    routeMaps,
    peerGroups: groups,
  });
const rawNeighbor = () =>
  frr.neighbor({
    label: "z1/sw1",
    changeId: "z1-sw1-neighbor-10.0.0.21",
    asn: 65001,
    address: "10.0.0.21",
    peerGroup: "K8S-INGRESS",
    description: "bgp-fabric ingress in1",
    gracefulRestart: false,
  });

/** The neighbor's delete, also the rollback its health gate runs. */
const NEIGHBOR_DELETE = [
  "set -e",
  "[ \"${bgp_fabric_rollback-}\" = 1 ] || { exec 9>>/tmp/bgp-fabric-65001.lock; flock -w 300 9 || { echo 'bgp-fabric: z1/sw1 - another bgp-fabric command holds /tmp/bgp-fabric-65001.lock' >&2; exit 1; }; }",
  "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
  'case "$cfg" in',
  "*'",
  "router bgp 65001",
  "'*) bgp=${cfg#*'",
  "router bgp 65001",
  "'}; bgp=\"",
  "${bgp%%'",
  "exit",
  "'*}",
  '" ;;',
  "*) exit 0 ;;",
  "esac",
  'case "$bgp" in *\'',
  " neighbor 10.0.0.21 peer-group K8S-INGRESS",
  "'*) ;; *) exit 0 ;; esac",
  'case "$bgp" in *\'',
  " neighbor 10.0.0.21 description bgp-fabric '*) ;; *) exit 0 ;; esac",
  "set -- -c 'configure terminal' -c 'router bgp 65001' -c 'no neighbor 10.0.0.21' -c 'end'",
  "ok=1",
  'vtysh "$@" </dev/null || ok=0',
  "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
  'case "$cfg" in',
  "*'",
  "router bgp 65001",
  "'*) bgp=${cfg#*'",
  "router bgp 65001",
  "'}; bgp=\"",
  "${bgp%%'",
  "exit",
  "'*}",
  '" ;;',
  "*) ok=0 ;;",
  "esac",
  "[ \"$ok\" = 1 ] || { echo 'bgp-fabric: z1/sw1 - removing neighbor 10.0.0.21 did not apply completely - nothing saved' >&2; exit 1; }",
  'case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac',
  "out=$(vtysh -c 'write memory' </dev/null 2>&1) || :",
  "case \"$out\" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac",
  "echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' \"$out\" >&2; exit 1",
];

describe("FRR dialect", () => {
  it("creates the base under the switch lock, refusing what is not ours, as one vtysh transaction rolled back on failure; the password goes on stdin", () => {
    assert.equal(
      base().create,
      [
        "set -e",
        "[ \"${bgp_fabric_rollback-}\" = 1 ] || { exec 9>>/tmp/bgp-fabric-65001.lock; flock -w 300 9 || { echo 'bgp-fabric: z1/sw1 - another bgp-fabric command holds /tmp/bgp-fabric-65001.lock' >&2; exit 1; }; }",
        "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) echo 'bgp-fabric: z1/sw1 runs no router bgp 65001 - configure the zone AS on the switch first' >&2; exit 1 ;;",
        "esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools '*) case \"$cfg\" in *'",
        "ip prefix-list bgp-fabric-z1-pools description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - prefix-list bgp-fabric-z1-pools exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-in '*) case \"$cfg\" in *'",
        "route-map bgp-fabric-z1-ingress-in permit 10",
        " description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - route-map bgp-fabric-z1-ingress-in exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-out '*) case \"$cfg\" in *'",
        "route-map bgp-fabric-z1-ingress-out deny 10",
        " description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - route-map bgp-fabric-z1-ingress-out exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-RR peer-group",
        "'*) case \"$bgp\" in *'",
        " neighbor K8S-RR description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-RR exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS peer-group",
        "'*) case \"$bgp\" in *'",
        " neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-INGRESS exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$bgp" in',
        "*'",
        " neighbor K8S-RR description bgp-fabric '*' restore-maximum-paths-ibgp '*) mp=${bgp#*' restore-maximum-paths-ibgp '}; mp=${mp%%'",
        "'*} ;;",
        "*'",
        "  maximum-paths ibgp '*) mp=${bgp#*'",
        "  maximum-paths ibgp '}; mp=${mp%%'",
        "'*} ;;",
        "*) mp=none ;;",
        "esac",
        "case \"$mp\" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: z1/sw1 has a maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-RR peer-group",
        "'*) fresh=0 ;; *) fresh=1 ;; esac",
        "set -- -c 'configure terminal'",
        "set -- \"$@\" -c 'ip prefix-list bgp-fabric-z1-pools description bgp-fabric z1 loadbalancer pools' -c 'ip prefix-list bgp-fabric-z1-pools seq 5 permit 192.0.2.0/28 ge 32'",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools seq 10 '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools seq 10' ;; esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools seq 15 '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools seq 15' ;; esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools seq 20 '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools seq 20' ;; esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools seq 25 '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools seq 25' ;; esac",
        "set -- \"$@\" -c 'route-map bgp-fabric-z1-ingress-in permit 10' -c 'description bgp-fabric z1 from ingress nodes' -c 'match ip address prefix-list bgp-fabric-z1-pools' -c 'set local-preference 100' -c 'exit'",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-in permit 20",
        "'*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-in permit 20' ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-in permit 30",
        "'*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-in permit 30' ;; esac",
        "set -- \"$@\" -c 'route-map bgp-fabric-z1-ingress-out deny 10' -c 'description bgp-fabric z1 to ingress nodes' -c 'exit'",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-out permit 20",
        "'*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-out permit 20' ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-out permit 30",
        "'*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-out permit 30' ;; esac",
        "set -- \"$@\" -c 'router bgp 65001'",
        "set -- \"$@\" -c 'neighbor K8S-RR peer-group' -c \"neighbor K8S-RR description bgp-fabric z1 route reflectors restore-maximum-paths-ibgp $mp\" -c 'neighbor K8S-RR remote-as internal' -c 'neighbor K8S-RR update-source 10.0.0.1' -c 'neighbor K8S-RR timers 3 9' -c 'neighbor K8S-RR timers connect 5'",
        "set -- \"$@\" -c 'neighbor K8S-INGRESS peer-group' -c 'neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes' -c 'neighbor K8S-INGRESS remote-as internal' -c 'neighbor K8S-INGRESS update-source 10.0.0.1' -c 'neighbor K8S-INGRESS timers 3 9' -c 'neighbor K8S-INGRESS timers connect 5'",
        "set -- \"$@\" -c 'address-family ipv4 unicast' -c 'maximum-paths ibgp 16' -c 'neighbor K8S-RR activate' -c 'neighbor K8S-RR next-hop-self' -c 'neighbor K8S-RR route-map bgp-fabric-z1-rr-in in' -c 'neighbor K8S-RR route-map bgp-fabric-z1-rr-out out' -c 'neighbor K8S-RR maximum-prefix 20000' -c 'neighbor K8S-INGRESS activate' -c 'neighbor K8S-INGRESS next-hop-self' -c 'neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-in in' -c 'neighbor K8S-INGRESS route-map bgp-fabric-z1-ingress-out out' -c 'neighbor K8S-INGRESS maximum-prefix 2000' -c 'exit-address-family' -c 'end'",
        "ok=1",
        'vtysh "$@" </dev/null || ok=0',
        '[ "$ok" = 0 ] || vtysh -f /dev/stdin >/dev/null 2>&1 || ok=0',
        "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) ok=0 ;;",
        "esac",
        'case "$bgp" in *\'',
        " neighbor K8S-RR password '*) ;; *) ok=0 ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS password '*) ;; *) ok=0 ;; esac",
        'if [ "$fresh$ok" = 10 ]; then',
        "set -- -c 'configure terminal' -c 'router bgp 65001'",
        'case "$bgp" in *\'',
        " neighbor K8S-RR description bgp-fabric '*) set -- \"$@\" -c 'no neighbor K8S-RR peer-group' ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS description bgp-fabric '*) set -- \"$@\" -c 'no neighbor K8S-INGRESS peer-group' ;; esac",
        "case \"$mp\" in keep) ;; none) set -- \"$@\" -c 'address-family ipv4 unicast' -c 'no maximum-paths ibgp' -c 'exit-address-family' ;; *) set -- \"$@\" -c 'address-family ipv4 unicast' -c \"maximum-paths ibgp $mp\" -c 'exit-address-family' ;; esac",
        "set -- \"$@\" -c 'exit'",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-in permit 10",
        " description bgp-fabric '*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-in' ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-out deny 10",
        " description bgp-fabric '*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-out' ;; esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools description bgp-fabric '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools' ;; esac",
        "set -- \"$@\" -c 'end'",
        'vtysh "$@" </dev/null >/dev/null 2>&1 || :',
        "fi",
        "[ \"$ok\" = 1 ] || { echo 'bgp-fabric: z1/sw1 - the change did not apply completely - a command failed or bgpd is down - rolled back what this run added and saved nothing' >&2; exit 1; }",
        'case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac',
        "out=$(vtysh -c 'write memory' </dev/null 2>&1) || :",
        "case \"$out\" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac",
        "echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' \"$out\" >&2; exit 1",
      ].join("\n"),
    );
    assert.equal(
      base().stdinTemplate,
      "router bgp 65001\n neighbor K8S-RR password <secret>\n neighbor K8S-INGRESS password <secret>\n",
    );
  });

  it("deletes only what carries our marker, refuses while a group has foreign members, and restores the recorded maximum-paths", () => {
    assert.equal(
      base().delete,
      [
        "set -e",
        "[ \"${bgp_fabric_rollback-}\" = 1 ] || { exec 9>>/tmp/bgp-fabric-65001.lock; flock -w 300 9 || { echo 'bgp-fabric: z1/sw1 - another bgp-fabric command holds /tmp/bgp-fabric-65001.lock' >&2; exit 1; }; }",
        "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) exit 0 ;;",
        "esac",
        'case "$bgp" in *\'',
        " neighbor K8S-RR description bgp-fabric '*) for a in $(printf '%s\\n' \"$bgp\" | sed -n 's/^ neighbor \\([^ ]*\\)\\( interface\\)\\{0,1\\} peer-group K8S-RR$/\\1/p'); do case \"$bgp\" in *\"",
        " neighbor $a description bgp-fabric \"*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-RR has a neighbor that is not ours:' \"$a\" '- nothing changed' >&2; exit 1 ;; esac; done ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS description bgp-fabric '*) for a in $(printf '%s\\n' \"$bgp\" | sed -n 's/^ neighbor \\([^ ]*\\)\\( interface\\)\\{0,1\\} peer-group K8S-INGRESS$/\\1/p'); do case \"$bgp\" in *\"",
        " neighbor $a description bgp-fabric \"*) ;; *) echo 'bgp-fabric: z1/sw1 - peer-group K8S-INGRESS has a neighbor that is not ours:' \"$a\" '- nothing changed' >&2; exit 1 ;; esac; done ;; esac",
        'case "$bgp" in',
        "*'",
        " neighbor K8S-RR description bgp-fabric '*' restore-maximum-paths-ibgp '*) mp=${bgp#*' restore-maximum-paths-ibgp '}; mp=${mp%%'",
        "'*} ;;",
        "*) mp=keep ;;",
        "esac",
        "case \"$mp\" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo 'bgp-fabric: z1/sw1 has a maximum-paths ibgp form this tool cannot restore - nothing changed' >&2; exit 1 ;; esac",
        "set -- -c 'configure terminal' -c 'router bgp 65001'",
        'case "$bgp" in *\'',
        " neighbor K8S-RR description bgp-fabric '*) set -- \"$@\" -c 'no neighbor K8S-RR peer-group' ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS description bgp-fabric '*) set -- \"$@\" -c 'no neighbor K8S-INGRESS peer-group' ;; esac",
        "case \"$mp\" in keep) ;; none) set -- \"$@\" -c 'address-family ipv4 unicast' -c 'no maximum-paths ibgp' -c 'exit-address-family' ;; *) set -- \"$@\" -c 'address-family ipv4 unicast' -c \"maximum-paths ibgp $mp\" -c 'exit-address-family' ;; esac",
        "set -- \"$@\" -c 'exit'",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-in permit 10",
        " description bgp-fabric '*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-in' ;; esac",
        'case "$cfg" in *\'',
        "route-map bgp-fabric-z1-ingress-out deny 10",
        " description bgp-fabric '*) set -- \"$@\" -c 'no route-map bgp-fabric-z1-ingress-out' ;; esac",
        'case "$cfg" in *\'',
        "ip prefix-list bgp-fabric-z1-pools description bgp-fabric '*) set -- \"$@\" -c 'no ip prefix-list bgp-fabric-z1-pools' ;; esac",
        "set -- \"$@\" -c 'end'",
        "ok=1",
        'vtysh "$@" </dev/null || ok=0',
        "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) ok=0 ;;",
        "esac",
        "[ \"$ok\" = 1 ] || { echo 'bgp-fabric: z1/sw1 - the removal did not apply completely - nothing saved' >&2; exit 1; }",
        'case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac',
        "out=$(vtysh -c 'write memory' </dev/null 2>&1) || :",
        "case \"$out\" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac",
        "echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' \"$out\" >&2; exit 1",
      ].join("\n"),
    );
  });

  it("adds a neighbor shut down until graceful restart is off, refuses an operator's neighbor, and removes it only while it is ours", () => {
    assert.equal(
      neighbor().create,
      [
        "set -e",
        "[ \"${bgp_fabric_rollback-}\" = 1 ] || { exec 9>>/tmp/bgp-fabric-65001.lock; flock -w 300 9 || { echo 'bgp-fabric: z1/sw1 - another bgp-fabric command holds /tmp/bgp-fabric-65001.lock' >&2; exit 1; }; }",
        "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) echo 'bgp-fabric: z1/sw1 runs no router bgp 65001 - configure the zone AS on the switch first' >&2; exit 1 ;;",
        "esac",
        'case "$bgp" in *\'',
        " neighbor 10.0.0.21 '*) case \"$bgp\" in *'",
        " neighbor 10.0.0.21 description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 - neighbor 10.0.0.21 exists without the bgp-fabric marker so it is not ours - nothing changed' >&2; exit 1 ;; esac ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS description bgp-fabric '*) ;; *) echo 'bgp-fabric: z1/sw1 has no peer-group K8S-INGRESS of ours - apply the base command first' >&2; exit 1 ;; esac",
        'case "$bgp" in *\'',
        " neighbor 10.0.0.21 '*) fresh=0 ;; *) fresh=1 ;; esac",
        "set -- -c 'configure terminal' -c 'router bgp 65001'",
        "case \"$fresh\" in 1) set -- \"$@\" -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.0.0.21 shutdown' -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' -c 'neighbor 10.0.0.21 graceful-restart-disable' -c 'no neighbor 10.0.0.21 shutdown' ;; *) set -- \"$@\" -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' ;; esac",
        "set -- \"$@\" -c 'end'",
        "ok=1",
        'vtysh "$@" </dev/null || ok=0',
        "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
        'case "$cfg" in',
        "*'",
        "router bgp 65001",
        "'*) bgp=${cfg#*'",
        "router bgp 65001",
        "'}; bgp=\"",
        "${bgp%%'",
        "exit",
        "'*}",
        '" ;;',
        "*) ok=0 ;;",
        "esac",
        'if [ "$fresh$ok" = 10 ]; then',
        "set -- -c 'configure terminal' -c 'router bgp 65001'",
        'case "$bgp" in *\'',
        " neighbor 10.0.0.21 peer-group K8S-INGRESS",
        "'*) set -- \"$@\" -c 'no neighbor 10.0.0.21' ;; esac",
        "set -- \"$@\" -c 'end'",
        'vtysh "$@" </dev/null >/dev/null 2>&1 || :',
        "fi",
        "[ \"$ok\" = 1 ] || { echo 'bgp-fabric: z1/sw1 - adding neighbor 10.0.0.21 did not apply completely - a command failed or bgpd is down - rolled back and saved nothing' >&2; exit 1; }",
        // The health gate: the session of 10.0.0.21 within 120 s, else its delete (no lock, no save) and failure.
        "trap '' HUP PIPE",
        "if (",
        'case "${fresh-1}" in 0) exit 0 ;; esac',
        "end=$(($(date +%s) + 120))",
        "while :; do",
        "down=''",
        "for a in '10.0.0.21'; do",
        "s=$(vtysh -c \"show bgp neighbors $a json\" </dev/null 2>/dev/null) || s=''",
        'case "$s" in',
        `*'"bgpState":"Established"'*) continue ;;`,
        `*'"bgpState":"'*) st=\${s#*'"bgpState":"'}; st=\${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;`,
        "*bgpNoSuchNeighbor*) st='not configured' ;;",
        "*) st='bgpd did not answer' ;;",
        "esac",
        'down="$down $a ($st)"',
        "done",
        '[ -n "$down" ] || exit 0',
        '[ "$(date +%s)" -lt "$end" ] || break',
        "sleep 2",
        "done",
        `echo 'bgp-fabric: AS 65001 - BGP sessions not Established after 120 s:'"$down" >&2`,
        "exit 1",
        "); then :; else",
        'if [ "${fresh-1}" = 1 ]; then',
        "( bgp_fabric_rollback=1",
        ...NEIGHBOR_DELETE,
        ") && echo 'bgp-fabric: z1/sw1 - rolled back z1-sw1-neighbor-10.0.0.21: removed from the running config and nothing saved' >&2 || echo 'bgp-fabric: z1/sw1 - the rollback of z1-sw1-neighbor-10.0.0.21 did not complete: run its delete' >&2",
        "fi",
        "exit 1",
        "fi",
        'case "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac',
        "out=$(vtysh -c 'write memory' </dev/null 2>&1) || :",
        "case \"$out\" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac",
        "echo 'bgp-fabric: z1/sw1 - write memory did not confirm:' \"$out\" >&2; exit 1",
      ].join("\n"),
    );
    assert.equal(neighbor().delete, NEIGHBOR_DELETE.join("\n"));
  });

  it("never puts a password on a command line", () => {
    // The running-config checks name the password line, never a value.
    assert.doesNotMatch(base().create, /password [^'\s]/);
    assert.match(base().create, /\n neighbor K8S-RR password '\*\) ;; \*\) ok=0 ;; esac/);
  });

  it("clears a password that was removed from the config", () => {
    const plain = frr.base({
      label: "z1/sw1",
      changeId: "z1-sw1-bgp-base",
      asn: 65001,
      maximumPaths: 16,
      prefixLists,
      routeMaps,
      peerGroups: groups.map(({ passwordRef: _, ...g }) => g),
    });
    assert.match(plain.create, /-c 'no neighbor K8S-RR password'/);
    assert.equal(plain.stdinTemplate, undefined);
  });

  it("refuses to render a value outside the safe character set", () => {
    assert.throws(
      () =>
        frr.neighbor({
          label: "z1/sw1",
          changeId: "z1-sw1-neighbor-10.0.0.21",
          asn: 65001,
          address: "10.0.0.21'; reboot; '",
          peerGroup: "K8S-INGRESS",
          description: "x",
          gracefulRestart: false,
        }),
      /refusing to render/,
    );
  });

  it("renders scripts that POSIX sh parses, for every command of the prod plan", () => {
    for (const sw of planOf(stackConfig("prod")).switches) {
      for (const c of sw.commands) {
        for (const script of [c.create, c.delete]) execFileSync("sh", ["-n", "-c", script]);
      }
    }
  });

  it("states what it negotiates: ADD-PATH receive (never disable-addpath-rx) and ipv4 unicast", () => {
    assert.deepEqual(frr.negotiates(groups[0]), {
      addressFamilies: ["ipv4-unicast"],
      addPathReceive: true,
    });
    assert.doesNotMatch(base().create, /disable-addpath-rx/);
  });

  it("passes its own grammar check for every command it renders", () => {
    const stacks = [
      stackConfig("prod"),
      stackConfig("lab"),
      { ...stackConfig("prod"), bgpPasswords: { az2: { secure: "x" } } },
      { ...stackConfig("prod"), ingress: { mode: "reflector", version: "2.6.4" } },
    ];
    for (const raw of stacks)
      for (const sw of planOf(raw).switches)
        for (const c of sw.commands) assert.deepEqual(frr.check(c), [], c.name);
    const b = base();
    assert.deepEqual(frr.check({ ...b, stdin: b.stdinTemplate }), []);
    assert.deepEqual(frr.check(neighbor()), []);
  });

  type Cmd = { create: string; delete: string; stdin?: string; healthCheck?: typeof CHECK };
  const tampered: [string, (c: Cmd) => void, string][] = [
    [
      "a shell command after a vtysh line",
      (c) => (c.create = c.create.replace("-c 'end'", "-c 'end'; reboot")),
      `create: unexpected text "; reboot\\nok=1\\nvtysh \\"$@\\" </dev/null || ok=0\\ncfg=$(vtysh -c '"`,
    ],
    [
      "a vtysh line the dialect never emits",
      (c) => (c.create = c.create.replace("-c 'end'", "-c 'no router bgp 65001' -c 'end'")),
      'create: "no router bgp 65001" is not an FRR command this dialect emits',
    ],
    [
      "an address-family command outside the address family",
      (c) =>
        (c.create = c.create.replace(
          "-c 'neighbor 10.0.0.21 description",
          "-c 'neighbor K8S-RR next-hop-self' -c 'neighbor 10.0.0.21 description",
        )),
      'create: "neighbor K8S-RR next-hop-self" appears outside address-family ipv4 unicast',
    ],
    [
      "a prologue that no longer checks the instance",
      (c) => (c.create = c.create.replace("set -e\n", "")),
      "create: does not start with the dialect's prologue for router bgp 65001",
    ],
    [
      "a delete (and the rollback that runs it) that removes another neighbor",
      (c) => {
        for (const k of ["create", "delete"] as const)
          c[k] = c[k].replace(
            "-c 'no neighbor 10.0.0.21' -c 'end'",
            "-c 'no neighbor 10.0.0.22' -c 'end'",
          );
      },
      "delete: removes neighbor 10.0.0.22, which the create does not add",
    ],
    [
      "a rollback that is not the command's delete",
      (c) =>
        (c.delete = c.delete.replace("-c 'no neighbor 10.0.0.21'", "-c 'no neighbor 10.0.0.22'")),
      "create: does not end with the health gate of its health check and delete, then the confirming save",
    ],
    [
      "a health check of another address than the create adds",
      (c) => (c.healthCheck = { ...CHECK, addresses: ["10.0.0.22"] }),
      "create: does not end with the health gate of its health check and delete, then the confirming save",
    ],
    [
      "a health gate the command does not declare",
      (c) => delete c.healthCheck,
      "create: has a health gate but no health check",
    ],
    [
      "a health gate taken out (the change saved without waiting for its session)",
      (c) => (c.create = c.create.replace(/\ntrap '' HUP PIPE\n[^]*\nexit 1\nfi\n/, "\n")),
      "create: does not end with the health gate of its health check and delete, then the confirming save",
    ],
    [
      "an address with leading zeros",
      (c) => {
        c.create = c.create.replaceAll("10.0.0.21", "10.0.0.021");
        c.delete = c.delete.replaceAll("10.0.0.21", "10.0.0.021");
        c.healthCheck = {
          ...CHECK,
          addresses: ["10.0.0.021"],
          changeId: "z1-sw1-neighbor-10.0.0.021",
        };
      },
      'create: "neighbor 10.0.0.021 peer-group K8S-INGRESS": 10.0.0.021 is not a dotted-quad IPv4 address',
    ],
    [
      "a neighbor added without the refusal of an operator's neighbor at that address",
      (c) =>
        (c.create = c.create.replace(
          /case "\$bgp" in \*'\n neighbor 10\.0\.0\.21 '\*\) case [^\n]*\n[^\n]*esac ;; esac\n/,
          "",
        )),
      "create: adds neighbor 10.0.0.21 without refusing one that is not ours",
    ],
    [
      "a write memory that does not wait for the whole change",
      (c) => (c.create = c.create.replace(/\[ "\$ok" = 1 \][^\n]*\n/, "")),
      `create: unexpected text "case \\"\${bgp_fabric_rollback-}\\" in 1) exit 0 ;; esac\\nout=$(vt"`,
    ],
    [
      "a stdin that carries a command",
      (c) =>
        (c.stdin = "router bgp 65001\n neighbor K8S-RR password <secret>\nno router bgp 65001\n"),
      "stdin: password lines and the stdin apply do not go together",
    ],
  ];
  for (const [name, edit, problem] of tampered) {
    it(`fails its grammar check on ${name}`, () => {
      const c: Cmd = { ...neighbor() };
      edit(c);
      assert.ok(frr.check(c).includes(problem), JSON.stringify(frr.check(c)));
    });
  }
});
