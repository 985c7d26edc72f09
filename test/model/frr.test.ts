// The FRR dialect's exact scripts: guarded, idempotent create; delete that removes only our stanzas.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { frr } from "../../model/plan/dialects/frr";
import { gatedCreate } from "../../model/plan/dialects/gate";
import { planOf, stackConfig } from "../helpers/fixtures";

import { assertGolden } from "../helpers/golden";
import { groups, prefixLists, routeMaps, baseInput } from "../helpers/switch-input";

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
    ...baseInput,
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

describe("FRR dialect", () => {
  it("creates the base under the switch lock, refusing what is not ours, as one vtysh transaction rolled back on failure; the password goes on stdin", () => {
    assertGolden("frr/z1-sw1-base.create.sh", `${base().create}\n`);
    assert.equal(
      base().stdinTemplate,
      "router bgp 65001\n neighbor K8S-RR password <secret>\n neighbor K8S-INGRESS password <secret>\n",
    );
  });

  it("deletes only what carries our marker, refuses while a group has foreign members, and restores the recorded maximum-paths", () => {
    assertGolden("frr/z1-sw1-base.delete.sh", `${base().delete}\n`);
  });

  it("adds a neighbor shut down until graceful restart is off, refuses an operator's neighbor, waits for its session before it saves (else runs its own delete), and removes it only while it is ours", () => {
    assertGolden("frr/z1-sw1-neighbor-10.0.0.21.create.sh", `${neighbor().create}\n`);
    assertGolden("frr/z1-sw1-neighbor-10.0.0.21.delete.sh", `${neighbor().delete}\n`);
    // The health gate's rollback is the command's own delete, verbatim.
    assert.ok(neighbor().create.includes(neighbor().delete));
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
