// The switch route policy the model decides: what each peer group accepts and sends, per stack setting, and how the
// route maps treat real prefixes (the same evaluation preflight uses).
/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from "node:assert/strict";
import { permits } from "../../model/plan/switch-policy";
import type { SwitchPlan } from "../../model/core/types";
import { clone, planOf, stackConfig } from "../helpers/fixtures";

const prodSwitch = (edit: (raw: any) => void = () => {}): SwitchPlan => {
  const raw = clone(stackConfig("prod")) as any;
  edit(raw);
  return planOf(raw).switches.find((s) => s.zone === "az1" && s.name === "core1")!;
};

/** An az1 node's address: the next hop of what az1's nodes announce. */
const NODE = "10.1.0.11";
const verdict = (sw: SwitchPlan, map: string, prefix: string, nextHop = NODE) =>
  permits(sw.routeMaps, sw.prefixLists, map, prefix, nextHop);
/** What an inbound map sets on what it accepts: LOCAL_PREF, MED and ORIGIN, equal on every path. */
const ACCEPTED = { permit: true, localPreference: 100, metric: 0, origin: "igp" };

describe("switch route policy", () => {
  it("accepts from the reflectors only az1's pod blocks down to /32, setting LOCAL_PREF 100, MED 0 and ORIGIN igp", () => {
    const sw = prodSwitch();
    const rrIn = sw.peerGroups.find((g) => g.role === "reflectors")!.routeMapIn;
    assert.deepEqual(
      [
        "10.244.0.0/26",
        "10.244.63.192/26",
        "10.244.1.7/32",
        "10.244.0.0/25",
        "10.244.0.0/18",
        "10.244.64.0/26",
        "0.0.0.0/0",
        "198.51.100.1/32",
        "10.1.0.0/24",
      ].map((p) => [p, verdict(sw, rrIn, p)]),
      [
        ["10.244.0.0/26", ACCEPTED],
        ["10.244.63.192/26", ACCEPTED],
        ["10.244.1.7/32", ACCEPTED],
        ["10.244.0.0/25", { permit: false }],
        ["10.244.0.0/18", { permit: false }],
        ["10.244.64.0/26", { permit: false }],
        ["0.0.0.0/0", { permit: false }],
        ["198.51.100.1/32", { permit: false }],
        ["10.1.0.0/24", { permit: false }],
      ],
    );
  });

  it("accepts from ingress nodes only the pools as /32, and sends them nothing", () => {
    const sw = prodSwitch();
    const g = sw.peerGroups.find((x) => x.role === "ingress")!;
    assert.deepEqual(
      [
        "198.51.100.0/32",
        "198.51.100.63/32",
        "198.51.100.0/26",
        "198.51.100.64/32",
        "10.244.0.0/26",
      ].map((p) => verdict(sw, g.routeMapIn, p).permit),
      [true, true, false, false, false],
    );
    assert.deepEqual(verdict(sw, g.routeMapOut, "0.0.0.0/0"), { permit: false });
    assert.deepEqual(g.maximumPrefix, { limit: 2000, warningPercent: 75, restartMinutes: 5 });
  });

  it("refuses an allowed prefix whose next hop is outside the zone's node subnet, from either group", () => {
    const sw = prodSwitch();
    const [rr, ingress] = ["reflectors", "ingress"].map(
      (r) => sw.peerGroups.find((g) => g.role === r)!.routeMapIn,
    );
    assert.deepEqual(
      [
        [rr, "10.244.0.0/26", "10.1.0.200"],
        [rr, "10.244.0.0/26", "10.2.0.11"],
        [rr, "10.244.0.0/26", "10.1.1.0"],
        [ingress, "198.51.100.5/32", "10.1.0.255"],
        [ingress, "198.51.100.5/32", "192.0.2.1"],
        [ingress, "198.51.100.5/32", "10.3.0.12"],
      ].map(([m, p, nh]) => verdict(sw, m, p, nh).permit),
      [true, false, false, true, false, false],
    );
  });

  it("refuses an allowed prefix whose next hop is one of the zone's switches, from either group", () => {
    const sw = prodSwitch();
    const [rr, ingress] = ["reflectors", "ingress"].map(
      (r) => sw.peerGroups.find((g) => g.role === r)!.routeMapIn,
    );
    assert.deepEqual(sw.prefixLists.find((l) => l.name === "bgp-fabric-az1-next-hops")!.entries, [
      { seq: 5, action: "deny", prefix: "10.1.0.2/32" },
      { seq: 10, action: "deny", prefix: "10.1.0.3/32" },
      { seq: 15, action: "permit", prefix: "10.1.0.0/24", le: 32 },
    ]);
    assert.deepEqual(
      [
        [rr, "10.244.0.0/26", "10.1.0.2"],
        [rr, "10.244.0.0/26", "10.1.0.3"],
        [ingress, "198.51.100.5/32", "10.1.0.2"],
        [ingress, "198.51.100.5/32", "10.1.0.3"],
        [ingress, "198.51.100.5/32", "10.1.0.21"],
      ].map(([m, p, nh]) => verdict(sw, m, p, nh).permit),
      [false, false, false, false, true],
    );
  });

  it("takes the prefix limits' warning and restart from bgp.maximumPrefix", () => {
    const sw = prodSwitch((raw) => {
      raw.bgp.maximumPrefix = { reflectors: 900, warningPercent: 60, restartMinutes: 2 };
    });
    assert.deepEqual(
      sw.peerGroups.map((g) => [g.role, g.maximumPrefix]),
      [
        ["reflectors", { limit: 900, warningPercent: 60, restartMinutes: 2 }],
        ["ingress", { limit: 2000, warningPercent: 60, restartMinutes: 2 }],
      ],
    );
  });

  it("takes the pools from the reflectors too in reflector mode", () => {
    const sw = prodSwitch((raw) => (raw.ingress.mode = "reflector"));
    const rrIn = sw.peerGroups.find((g) => g.role === "reflectors")!.routeMapIn;
    assert.deepEqual(verdict(sw, rrIn, "198.51.100.5/32"), ACCEPTED);
    assert.deepEqual(verdict(sw, rrIn, "198.51.100.5/32", "10.2.0.11"), { permit: false });
    assert.deepEqual(
      sw.peerGroups.map((g) => g.role),
      ["reflectors"],
    );
  });

  it("sends the reflectors what bgp.nodesReceive says", () => {
    const out = (receive?: string) => {
      const sw = prodSwitch((raw) => {
        if (receive) raw.bgp.nodesReceive = receive;
      });
      const map = sw.peerGroups.find((g) => g.role === "reflectors")!.routeMapOut;
      return ["0.0.0.0/0", "10.244.64.0/18", "10.244.64.0/26", "198.51.100.0/32", "8.8.8.0/24"].map(
        (p) => verdict(sw, map, p).permit,
      );
    };
    assert.deepEqual(out(), [true, false, false, false, false]);
    assert.deepEqual(out("pods-and-pools"), [false, true, true, true, false]);
    assert.deepEqual(out("all"), [true, true, true, true, true]);
  });

  it("states the transport contract from the zone alone: the aggregate and the pools out, not its own pods in", () => {
    const sw = prodSwitch();
    const t = sw.transport;
    assert.deepEqual(t.aggregates, ["10.244.0.0/18"]);
    const v = (map: string, p: string) =>
      permits(t.routeMaps, t.prefixLists, map, p, "192.0.2.1").permit;
    assert.deepEqual(
      ["10.244.0.0/18", "10.244.0.0/26", "198.51.100.9/32", "10.1.0.0/24"].map((p) =>
        v(t.routeMapOut, p),
      ),
      [true, false, true, false],
    );
    assert.deepEqual(
      [
        "10.244.64.0/18",
        "10.244.0.0/26",
        "10.244.0.0/18",
        "198.51.100.9/32",
        "0.0.0.0/0",
        "0.0.0.0/1",
      ].map((p) => v(t.routeMapIn, p)),
      [true, false, false, true, false, true],
    );
    assert.equal(t.sendCommunity, true);
    assert.deepEqual(prodSwitch((raw) => delete raw.zones.az3).transport, t);
    assert.ok(t.lines.includes("  aggregate-address 10.244.0.0/18"));
  });

  it("accepts a default route over the transport only when bgp.transportAcceptsDefault is set", () => {
    const t = prodSwitch((raw) => (raw.bgp.transportAcceptsDefault = true)).transport;
    const v = (p: string) =>
      permits(t.routeMaps, t.prefixLists, t.routeMapIn, p, "192.0.2.1").permit;
    assert.deepEqual(["0.0.0.0/0", "10.244.64.0/18", "10.244.0.0/26"].map(v), [true, true, false]);
  });
});
