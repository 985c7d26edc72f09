// The IPv6 part of an FRR switch (`<zone>-<switch>-bgp-base-v6`) run in sh: its create and then its delete, from the
// dual-stack plan, against a stand-in vtysh whose running config the stand-in model (test/helpers/frr-running-config.ts)
// changes as each transaction asks. Removing IPv6 must leave the switch's running config as it was before IPv6.
import assert from "node:assert/strict";
import { names } from "../../model/core/names";
import { parseRunning, printRunning } from "../helpers/frr-running-config";
import { runOnStandIn as run } from "../helpers/frr-stand-in-run";
import { dualStack, planOf } from "../helpers/fixtures";

const plan = planOf(dualStack());
const sw = plan.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
const v6 = sw.commands.find((c) => c.name === names.switchBase6("az1", "core1"))!;

/** az1/core1 after its IPv4 base (abridged: one group) and an operator's own list and IPv6 maximum-paths. */
const before = (ipv6MaximumPaths: string | undefined) =>
  printRunning({
    lists: ["ip prefix-list CORE-OUT seq 5 permit 0.0.0.0/0"],
    maps: [],
    asn: sw.asn,
    bgp: [
      "neighbor K8S-RR peer-group",
      "neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths-ibgp none",
      "neighbor K8S-RR remote-as internal",
      "neighbor 192.0.2.1 remote-as 65000",
    ],
    af: {
      ipv4: ["maximum-paths ibgp 16", "neighbor K8S-RR next-hop-self"],
      ipv6: ipv6MaximumPaths === undefined ? [] : [`maximum-paths ibgp ${ipv6MaximumPaths}`],
    },
  });

const lines = (t: string) => new Set(t.split("\n"));
const minus = (a: string, b: string) => [...lines(a)].filter((l) => !lines(b).has(l));

describe("FRR dual-stack: the IPv6 part's create, then its delete, in sh on a stand-in vtysh", () => {
  it("is a command of its own whose scripts send no IPv4 object's line", () => {
    assert.equal(v6.kind, "base-v6");
    const tx = run(v6.create, before("8")).tx.flat();
    for (const l of tx)
      assert.match(
        l,
        /-v6|K8S-RR6|K8S-INGRESS6|^(configure terminal|router bgp 65201|address-family ipv[46] unicast|exit-address-family|maximum-paths ibgp 16|exit|end|description bgp-fabric az1 ipv6 .*|set (local-preference 100|metric 0|origin igp))$/,
      );
  });

  for (const mp of ["8", undefined])
    it(`removing it leaves the running config as before IPv6 (IPv6 maximum-paths ibgp before: ${mp ?? "none"})`, () => {
      const start = before(mp);
      assert.equal(printRunning(parseRunning(start)), start);
      const created = run(v6.create, start);
      assert.deepEqual([created.code, created.stderr], [0, ""]);
      assert.equal(created.tx.length, 1);
      // Only IPv6 lines added; only the IPv6 family's maximum-paths ibgp replaced (and recorded).
      assert.deepEqual(
        minus(start, created.after),
        mp === undefined ? [] : [`  maximum-paths ibgp ${mp}`],
      );
      const added = minus(created.after, start);
      for (const l of added)
        assert.match(
          l,
          /-v6|K8S-RR6|K8S-INGRESS6|^ *(description|match|set|exit|!|address-family ipv6 unicast|exit-address-family|maximum-paths ibgp 16)/,
        );
      assert.ok(
        added.includes(
          ` neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors restore-ipv6-maximum-paths-ibgp ${mp ?? "none"}`,
        ),
      );
      assert.ok(added.includes("  no neighbor K8S-RR6 activate"));
      assert.ok(added.includes("  neighbor K8S-INGRESS6 activate"));
      assert.ok(
        added.includes("ipv6 prefix-list bgp-fabric-az1-pods-v6 seq 5 permit fd00:111::/56 ge 122"),
      );
      // A re-run (an update) changes nothing and keeps the recorded value.
      const again = run(v6.create, created.after);
      assert.deepEqual([again.code, again.after], [0, created.after]);
      const deleted = run(v6.delete, created.after);
      assert.deepEqual([deleted.code, deleted.stderr], [0, ""]);
      assert.equal(deleted.after, start);
      // Nothing left to remove: a second delete changes nothing.
      assert.equal(run(v6.delete, deleted.after).after, start);
    });

  it("refuses to create over an IPv6 prefix list of the same name that is not ours, changing nothing", () => {
    const start = before("8").replace(
      "ip prefix-list CORE-OUT",
      "ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 5 permit ::/0\nip prefix-list CORE-OUT",
    );
    const r = run(v6.create, start);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /prefix-list bgp-fabric-az1-pools-v6 exists without the bgp-fabric marker/,
    );
    assert.deepEqual(r.tx, []);
  });
});
