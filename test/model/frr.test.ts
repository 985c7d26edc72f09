// The FRR dialect's exact scripts: guarded, idempotent create; delete that removes only our stanzas.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { frr } from "../../model/dialects/frr";
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
  },
];
const base = () =>
  frr.base({
    label: "z1/sw1",
    asn: 65001,
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
    gracefulRestart: false,
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
        "  -c 'address-family ipv4 unicast' \\",
        "  -c 'maximum-paths ibgp 16' \\",
        "  -c 'neighbor K8S-RR activate' \\",
        "  -c 'neighbor K8S-RR next-hop-self' \\",
        "  -c 'neighbor K8S-INGRESS activate' \\",
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

  it("adds a neighbor to its peer group with graceful restart off, and removes it only while it is ours", () => {
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
        'case "$bgp" in *\'',
        " neighbor 10.0.0.21 graceful-restart-disable",
        "'*) vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' \\",
        "  -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' \\",
        "  -c 'end' \\",
        "  -c 'write memory' </dev/null ;; *) vtysh -c 'configure terminal' \\",
        "  -c 'router bgp 65001' \\",
        "  -c 'neighbor 10.0.0.21 peer-group K8S-INGRESS' \\",
        "  -c 'neighbor 10.0.0.21 description bgp-fabric ingress in1' \\",
        "  -c 'neighbor 10.0.0.21 graceful-restart-disable' \\",
        "  -c 'end' \\",
        "  -c 'write memory' </dev/null ;; esac",
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
      maximumPaths: 16,
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

  const tampered: [
    string,
    (c: { create: string; delete: string; stdin?: string }) => void,
    string,
  ][] = [
    [
      "a shell command after a vtysh line",
      (c) => (c.create = c.create.replace("-c 'end'", "-c 'end'; reboot")),
      `create: unexpected text "case \\"$bgp\\" in *'\\n neighbor 10.0.0.21 graceful-restart-disab"`,
    ],
    [
      "a vtysh line the dialect never emits",
      (c) => (c.create = c.create.replace("-c 'end'", "-c 'no router bgp 65001' \\\n  -c 'end'")),
      'create: "no router bgp 65001" is not an FRR command this dialect emits',
    ],
    [
      "an address-family command outside the address family",
      (c) =>
        (c.create = c.create.replace(
          "-c 'neighbor 10.0.0.21 description",
          "-c 'neighbor K8S-RR next-hop-self' \\\n  -c 'neighbor 10.0.0.21 description",
        )),
      'create: "neighbor K8S-RR next-hop-self" appears outside address-family ipv4 unicast',
    ],
    [
      "a prologue that no longer checks the instance",
      (c) => (c.create = c.create.replace("set -e\n", "")),
      "create: does not start with the dialect's prologue for router bgp 65001",
    ],
    [
      "a delete that removes another neighbor",
      (c) =>
        (c.delete = c.delete.replace("-c 'no neighbor 10.0.0.21'", "-c 'no neighbor 10.0.0.22'")),
      "delete: removes something other than neighbor 10.0.0.21",
    ],
    [
      "an address with leading zeros",
      (c) => (c.create = c.create.replaceAll("10.0.0.21", "10.0.0.021")),
      'create: "neighbor 10.0.0.021 peer-group K8S-INGRESS": 10.0.0.021 is not a dotted-quad IPv4 address',
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
      const c = { ...neighbor() } as { create: string; delete: string; stdin?: string };
      edit(c);
      assert.ok(frr.check(c).includes(problem), JSON.stringify(frr.check(c)));
    });
  }
});
