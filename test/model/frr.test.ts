// The FRR dialect's exact scripts: guarded, idempotent create; delete that removes only our stanzas.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { frr } from "../../model/dialects/frr";
import { planOf, stackConfig } from "../helpers/fixtures";

const groups = [
  {
    name: "K8S-RR",
    description: "bgp-fabric z1 route reflectors",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: true,
    password: true,
  },
  {
    name: "K8S-INGRESS",
    description: "bgp-fabric z1 ingress nodes",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: false,
    password: true,
  },
];
const base = () =>
  frr.base({
    label: "z1/sw1",
    asn: 65001,
    updateSource: "10.0.0.1",
    maximumPaths: 16,
    peerGroups: groups,
  });
const neighbor = () =>
  frr.neighbor({
    label: "z1/sw1",
    asn: 65001,
    address: "10.0.0.21",
    peerGroup: "K8S-INGRESS",
    description: "bgp-fabric ingress in1",
  });

describe("FRR dialect", () => {
  it("creates the base after checking the zone's BGP instance exists; the password goes on stdin", () => {
    assert.equal(
      base().create,
      [
        "set -e",
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
        "vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'neighbor K8S-RR peer-group' \\",
        "  -c 'neighbor K8S-RR remote-as internal' \\",
        "  -c 'neighbor K8S-RR description bgp-fabric z1 route reflectors' \\",
        "  -c 'neighbor K8S-RR update-source 10.0.0.1' \\",
        "  -c 'neighbor K8S-RR timers 3 9' \\",
        "  -c 'neighbor K8S-RR timers connect 5' \\",
        "  -c 'neighbor K8S-INGRESS peer-group' \\",
        "  -c 'neighbor K8S-INGRESS remote-as internal' \\",
        "  -c 'neighbor K8S-INGRESS description bgp-fabric z1 ingress nodes' \\",
        "  -c 'neighbor K8S-INGRESS update-source 10.0.0.1' \\",
        "  -c 'neighbor K8S-INGRESS timers 3 9' \\",
        "  -c 'neighbor K8S-INGRESS timers connect 5' \\",
        "  -c 'neighbor K8S-INGRESS graceful-restart-disable' \\",
        "  -c 'address-family ipv4 unicast' \\",
        "  -c 'maximum-paths ibgp 16' \\",
        "  -c 'neighbor K8S-RR next-hop-self' \\",
        "  -c 'neighbor K8S-INGRESS next-hop-self' \\",
        "  -c 'exit-address-family' \\",
        "  -c 'end' </dev/null",
        "vtysh -f /dev/stdin",
        "vtysh -c 'write memory' </dev/null",
      ].join("\n"),
    );
    assert.equal(
      base().stdinTemplate,
      "router bgp 65001\n neighbor K8S-RR password <secret>\n neighbor K8S-INGRESS password <secret>\n",
    );
  });

  it("deletes only our peer groups and resets maximum-paths", () => {
    assert.equal(
      base().delete,
      [
        "set -e",
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
        " neighbor K8S-RR peer-group",
        "'*) vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'no neighbor K8S-RR peer-group' \\",
        "  -c 'end' </dev/null ;; esac",
        'case "$bgp" in *\'',
        " neighbor K8S-INGRESS peer-group",
        "'*) vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'no neighbor K8S-INGRESS peer-group' \\",
        "  -c 'end' </dev/null ;; esac",
        "vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'address-family ipv4 unicast' \\",
        "  -c 'no maximum-paths ibgp' \\",
        "  -c 'exit-address-family' \\",
        "  -c 'end' \\",
        "  -c 'write memory' </dev/null",
      ].join("\n"),
    );
  });

  it("adds a neighbor to its peer group and removes it only while it is ours", () => {
    assert.equal(
      neighbor().create,
      [
        "set -e",
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
        "vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' \\",
        "  -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' \\",
        "  -c 'end' \\",
        "  -c 'write memory' </dev/null",
      ].join("\n"),
    );
    assert.equal(
      neighbor().delete,
      [
        "set -e",
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
        "'*) vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'no neighbor 10.0.0.21' \\",
        "  -c 'end' \\",
        "  -c 'write memory' </dev/null ;; esac",
      ].join("\n"),
    );
  });

  it("never puts a password on a command line", () => {
    assert.doesNotMatch(base().create, /password/);
  });

  it("clears a password that was removed from the config", () => {
    const plain = frr.base({
      label: "z1/sw1",
      asn: 65001,
      updateSource: "10.0.0.1",
      maximumPaths: 16,
      peerGroups: groups.map((g) => ({ ...g, password: false })),
    });
    assert.match(plain.create, /-c 'no neighbor K8S-RR password'/);
    assert.equal(plain.stdinTemplate, undefined);
  });

  it("refuses to render a value outside the safe character set", () => {
    assert.throws(
      () =>
        frr.neighbor({
          label: "z1/sw1",
          asn: 65001,
          address: "10.0.0.21'; reboot; '",
          peerGroup: "K8S-INGRESS",
          description: "x",
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
});
