// The maximum-paths ibgp a switch had before our first create, read from its running config inside the family's own
// ` address-family <family> unicast` block of the default instance only (the IPv4 base's and the IPv6 part's read
// are one function), then recorded and restored by the delete. First the reads alone in `sh` on the running config
// FRR 8.4 prints, then the IPv4 base's and the IPv6 part's create and delete scripts on the stand-in vtysh
// (test/helpers/frr-stand-in-run.ts): each family gets back exactly its own value, and a family that had none is
// left without one.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { names } from "../../model/core/names";
import { foundMaximumPaths, instanceCase } from "../../model/plan/dialects/frr-shell";
import { dualStack, planOf } from "../helpers/fixtures";
import { printRunning } from "../helpers/frr-running-config";
import { runOnStandIn as run } from "../helpers/frr-stand-in-run";

/** The running config as FRR 8.4 prints it: the default instance 65201, then `vrf` (a VRF's stanza of its own). */
function cfg(v4: string | undefined, v6: string | undefined, vrf?: string): string {
  const af = (family: string, mp: string | undefined) =>
    mp === undefined
      ? []
      : [
          " !",
          ` address-family ${family} unicast`,
          `  maximum-paths ibgp ${mp}`,
          " exit-address-family",
        ];
  return [
    "frr version 8.4",
    "!",
    "router bgp 65201",
    " bgp router-id 10.11.0.2",
    ...af("ipv4", v4),
    ...af("ipv6", v6),
    "exit",
    "!",
    ...(vrf === undefined ? [] : ["router bgp 65201 vrf red", ...af("ipv4", vrf), "exit", "!"]),
    "end",
    "",
  ].join("\n");
}

/** What a read leaves in `v`, run as the scripts run it: `$bgp` cut from the running config first. */
function read(lines: string[], config: string, v: string): string {
  const script = [...instanceCase(65201, "exit 3"), ...lines, `printf '%s' "$${v}"`].join("\n");
  return execFileSync("sh", ["-c", script], {
    env: { cfg: config },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("FRR maximum-paths ibgp before our first create", () => {
  const v4 = foundMaximumPaths("ipv4", "K8S-RR", "az1/core1", "read");
  const v6 = foundMaximumPaths("ipv6", "K8S-RR6", "az1/core1", "read");

  it("the IPv6 part reads the IPv6 family's block only", () => {
    assert.equal(read(v6, cfg(undefined, "8"), "mp6"), "8");
    assert.equal(read(v6, cfg("4", "8"), "mp6"), "8");
    assert.equal(read(v6, cfg("4", undefined), "mp6"), "none");
    assert.equal(read(v6, cfg(undefined, undefined), "mp6"), "none");
  });

  it("the IPv4 base reads the IPv4 family's block only: an IPv6 value alone is none for it", () => {
    assert.equal(read(v4, cfg("4", undefined), "mp"), "4");
    assert.equal(read(v4, cfg("4", "8"), "mp"), "4");
    assert.equal(read(v4, cfg(undefined, undefined), "mp"), "none");
    assert.equal(read(v4, cfg(undefined, "8"), "mp"), "none");
  });

  it("neither reads a VRF's value: the VRF's `router bgp` is a stanza of its own", () => {
    assert.equal(read(v4, cfg(undefined, undefined, "8"), "mp"), "none");
    assert.equal(read(v4, cfg("4", undefined, "8"), "mp"), "4");
    assert.equal(read(v6, cfg(undefined, undefined, "8"), "mp6"), "none");
  });

  it("the IPv4 base never takes another ipv4 family's value: multicast, labeled-unicast, vpn are not unicast", () => {
    for (const other of ["multicast", "labeled-unicast", "vpn"]) {
      const config = cfg(undefined, undefined).replace(
        "exit\n",
        ` !\n address-family ipv4 ${other}\n  maximum-paths ibgp 8\n exit-address-family\nexit\n`,
      );
      assert.match(config, new RegExp(`\n address-family ipv4 ${other}\n  maximum-paths ibgp 8\n`));
      assert.equal(read(v4, config, "mp"), "none", other);
    }
  });

  it("an ipv4 unicast block without maximum-paths ibgp (other lines, eBGP maximum-paths) is none", () => {
    const config = cfg("4", "8").replace(
      "  maximum-paths ibgp 4\n",
      "  network 10.11.0.0/24\n  maximum-paths 8\n  neighbor 10.0.0.9 route-map UP in\n",
    );
    assert.equal(read(v4, config, "mp"), "none");
    assert.equal(
      read(
        v4,
        cfg("4", "8").replace(
          "  maximum-paths ibgp 4\n",
          "  maximum-paths 8\n  maximum-paths ibgp 4\n",
        ),
        "mp",
      ),
      "4",
    );
  });

  it("the recorded value wins over the running config", () => {
    const recorded = cfg("4", "8").replace(
      " bgp router-id 10.11.0.2\n",
      "$& neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths-ibgp none\n neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors restore-ipv6-maximum-paths-ibgp 2\n",
    );
    assert.equal(read(v4, recorded, "mp"), "none");
    assert.equal(read(v6, recorded, "mp6"), "2");
  });

  it("fails when the family's value has a form it cannot restore, naming the family", () => {
    const odd = (f: string) =>
      cfg("4", "8").replace(`${f} unicast\n  maximum-paths ibgp ${f === "ipv4" ? 4 : 8}`, "$& x");
    const fail = (lines: string[], config: string) => {
      try {
        read(lines, config, "mp");
        return "";
      } catch (e) {
        return String((e as { stderr: Buffer }).stderr);
      }
    };
    assert.equal(
      fail(v4, odd("ipv4")),
      "bgp-fabric: az1/core1 has a maximum-paths ibgp form this tool cannot restore - nothing changed\n",
    );
    assert.equal(fail(v4, odd("ipv6")), "");
    // FRR's own trailing option: refused, never recorded as 16.
    assert.equal(
      fail(v4, cfg("16 equal-cluster-length", undefined)),
      "bgp-fabric: az1/core1 has a maximum-paths ibgp form this tool cannot restore - nothing changed\n",
    );
    assert.equal(
      fail(v6, odd("ipv6")),
      "bgp-fabric: az1/core1 has an ipv6 maximum-paths ibgp form this tool cannot restore - nothing changed\n",
    );
  });
});

describe("FRR: the IPv4 base and the IPv6 part each restore their own family's maximum-paths ibgp (sh, stand-in vtysh)", () => {
  const plan = planOf(dualStack());
  const sw = plan.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
  const base = sw.commands.find((c) => c.name === names.switchBase("az1", "core1"))!;
  const base6 = sw.commands.find((c) => c.name === names.switchBase6("az1", "core1"))!;
  const ipv4Af = (lines: string[]) => [
    "address-family ipv4 unicast",
    ...lines,
    "exit-address-family",
  ];

  /** The switch before our first create: an operator's router id and the given values per family. */
  const before = (v4: string | undefined, v6: string | undefined) =>
    printRunning({
      lists: [],
      maps: [],
      asn: sw.asn,
      bgp: ["bgp router-id 10.11.0.2"],
      af: {
        ipv4: v4 === undefined ? [] : [`maximum-paths ibgp ${v4}`],
        ipv6: v6 === undefined ? [] : [`maximum-paths ibgp ${v6}`],
      },
    });

  /** The IPv4 base's delete transaction, with the `maximum-paths ibgp` restore of `restore`. */
  const deleteTx = (restore: string) => [
    "configure terminal",
    "router bgp 65201",
    "no neighbor K8S-RR peer-group",
    "no neighbor K8S-INGRESS peer-group",
    ...ipv4Af([restore]),
    "exit",
    "no route-map bgp-fabric-az1-rr-in",
    "no route-map bgp-fabric-az1-ingress-in",
    "no route-map bgp-fabric-az1-rr-out",
    "no route-map bgp-fabric-az1-ingress-out",
    "no ip prefix-list bgp-fabric-az1-pods",
    "no ip prefix-list bgp-fabric-az1-pools",
    "no ip prefix-list bgp-fabric-az1-nodes-out",
    "no ip prefix-list bgp-fabric-az1-next-hops",
    "end",
  ];

  /** Creates the IPv4 base on `start`; returns the running config after it, checking the record it wrote. */
  function create(start: string, recorded: string): string {
    const r = run(base.create, start);
    assert.deepEqual([r.code, r.stderr, r.tx.length], [0, "", 1]);
    assert.ok(
      r.tx[0].includes(
        `neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths-ibgp ${recorded}`,
      ),
      r.tx[0].join("\n"),
    );
    return r.after;
  }

  it("only an IPv6 value: the base records none and its delete leaves ipv4 without one, the IPv6 value untouched", () => {
    const start = before(undefined, "8");
    const applied = create(start, "none");
    assert.match(applied, /\n address-family ipv4 unicast\n  maximum-paths ibgp 16\n/);
    assert.match(applied, /\n address-family ipv6 unicast\n  maximum-paths ibgp 8\n exit/);
    const d = run(base.delete, applied);
    assert.deepEqual([d.code, d.stderr], [0, ""]);
    assert.deepEqual(d.tx, [deleteTx("no maximum-paths ibgp")]);
    assert.equal(
      d.after,
      "frr version 8.4\nfrr defaults traditional\n!\n!\nrouter bgp 65201\n bgp router-id 10.11.0.2\n !\n address-family ipv6 unicast\n  maximum-paths ibgp 8\n exit-address-family\nexit\n!\nend\n",
    );
    assert.equal(d.after, start);
  });

  it("fails when ipv4's value is `maximum-paths ibgp 16 equal-cluster-length`, sending nothing", () => {
    const r = run(base.create, before("16 equal-cluster-length", undefined));
    assert.deepEqual(
      [r.code, r.stderr, r.tx],
      [
        1,
        "bgp-fabric: az1/core1 has a maximum-paths ibgp form this tool cannot restore - nothing changed\n",
        [],
      ],
    );
  });

  it("only an IPv4 value: recorded and restored as before", () => {
    const start = before("4", undefined);
    const d = run(base.delete, create(start, "4"));
    assert.deepEqual([d.code, d.stderr], [0, ""]);
    assert.deepEqual(d.tx, [deleteTx("maximum-paths ibgp 4")]);
    assert.equal(d.after, start);
  });

  for (const order of ["IPv6 part first", "IPv4 base first"] as const)
    it(`both, different values: each family records and restores its own (deleted ${order})`, () => {
      const start = before("4", "8");
      const applied4 = create(start, "4");
      const c6 = run(base6.create, applied4);
      assert.deepEqual([c6.code, c6.stderr], [0, ""]);
      assert.ok(
        c6.tx[0].includes(
          "neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors restore-ipv6-maximum-paths-ibgp 8",
        ),
      );
      assert.match(c6.after, /\n address-family ipv4 unicast\n  maximum-paths ibgp 16\n/);
      assert.match(c6.after, /\n address-family ipv6 unicast\n  maximum-paths ibgp 16\n/);
      const [first, second] = order === "IPv6 part first" ? [base6, base] : [base, base6];
      const d1 = run(first.delete, c6.after);
      assert.deepEqual([d1.code, d1.stderr], [0, ""]);
      // The first delete restores its family's value only; the other family still has ours.
      assert.match(
        d1.after,
        first === base6
          ? /\n address-family ipv6 unicast\n  maximum-paths ibgp 8\n/
          : /\n address-family ipv4 unicast\n  maximum-paths ibgp 4\n/,
      );
      assert.match(
        d1.after,
        first === base6
          ? /\n address-family ipv4 unicast\n  maximum-paths ibgp 16\n/
          : /\n address-family ipv6 unicast\n  maximum-paths ibgp 16\n/,
      );
      const d2 = run(second.delete, d1.after);
      assert.deepEqual([d2.code, d2.stderr], [0, ""]);
      assert.deepEqual((first === base ? d1 : d2).tx, [deleteTx("maximum-paths ibgp 4")]);
      assert.equal(d2.after, start);
    });
});
