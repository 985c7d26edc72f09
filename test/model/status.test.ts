// The live view (issue 11): FRR's `show ip route <pool> longer-prefixes json` parsed from real FRR 8.4 output
// (test/fixtures/frr-live: az1/core1 of the lab, healthy and with lab-az1-in1's BIRD stopped), the zone verdicts,
// the report, the topology with live state marked, and the SSH reads of `npm run status` (allow-listed only).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { allowed, liveStatus, routesCommand, showArgv, LIVE_COMMANDS } from "../../io/live";
import { planFromStack } from "../../lab/plan-source";
import type { NetworkPlan, SwitchPlan } from "../../model/core/types";
import {
  parseFrrRoutesJson,
  parseFrrRunningConfig,
  parseFrrSummaryJson,
} from "../../model/plan/dialects/frr-parse";
import { dot, topology } from "../../model/present/diagram";
import { liveMarks, statusFiles, statusText } from "../../model/present/status";
import { fabricStatus, type SwitchRead } from "../../model/verify/status";

const FIXTURES = resolve(__dirname, "../fixtures/frr-live");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const plan: NetworkPlan = planFromStack(resolve(__dirname, "../../Pulumi.lab.yaml"));
const core1 = plan.switches.find((s) => s.zone === "az1" && s.name === "core1") as SwitchPlan;
const RUNNING = parseFrrRunningConfig(fixture("az1-core1.running-config.txt"));

/** az1's switches as captured; az2's as the same capture moved to az2's addresses (10.11.0.x -> 10.12.0.x). */
function reads(variant = ""): Map<string, SwitchRead> {
  const az1: SwitchRead = {
    running: RUNNING,
    states: parseFrrSummaryJson(fixture(`az1-core1.bgp-summary${variant}.json`)),
    routes: parseFrrRoutesJson(fixture(`az1-core1.lb-routes${variant}.json`)),
  };
  const moved = (text: string) => text.split("10.11.0.").join("10.12.0.");
  const az2: SwitchRead = {
    running: parseFrrRunningConfig(moved(fixture("az1-core1.running-config.txt"))),
    states: parseFrrSummaryJson(moved(fixture("az1-core1.bgp-summary.json"))),
    routes: parseFrrRoutesJson(moved(fixture("az1-core1.lb-routes.json"))),
  };
  return new Map([
    ["az1/core1", az1],
    ["az1/core2", az1],
    ["az2/core1", az2],
    ["az2/core2", az2],
  ]);
}

describe("status: FRR routes parser on real FRR 8.4 output", () => {
  it("reads the selected route's active next hops of each prefix", () => {
    assert.deepEqual(parseFrrRoutesJson(fixture("az1-core1.lb-routes.json")), {
      "203.0.113.0/32": ["10.11.0.21", "10.11.0.22"],
    });
    assert.deepEqual(parseFrrRoutesJson(fixture("az1-core1.lb-routes.in1-down.json")), {
      "203.0.113.0/32": ["10.11.0.22"],
    });
    assert.deepEqual(parseFrrRoutesJson("{\n}\n"), {});
    assert.throws(() => parseFrrRoutesJson("% Unknown command"), {
      message: "show ip route json did not print JSON",
    });
  });

  it("skips a route that is not selected and next hops that are not active", () => {
    const text = JSON.stringify({
      "203.0.113.5/32": [
        { selected: false, nexthops: [{ ip: "10.11.0.21", active: true }] },
        {
          selected: true,
          nexthops: [
            { ip: "10.11.0.22", active: true },
            { ip: "10.11.0.23", active: false },
          ],
        },
      ],
    });
    assert.deepEqual(parseFrrRoutesJson(text), { "203.0.113.5/32": ["10.11.0.22"] });
  });
});

describe("status: zone verdicts", () => {
  it("every zone OK on the lab as built", () => {
    const zones = fabricStatus(plan, reads());
    assert.deepEqual(
      zones.map((z) => [z.ok, z.verdict]),
      [
        [true, "az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes"],
        [true, "az2: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes"],
      ],
    );
    assert.deepEqual(zones[0].ingress, [
      { node: "lab-az1-in1", address: "10.11.0.21", observed: "announcing", drainIntended: false },
      { node: "lab-az1-in2", address: "10.11.0.22", observed: "announcing", drainIntended: false },
    ]);
    assert.equal(
      statusText(zones),
      [
        "az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes",
        "az2: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes",
        "status: 2 zones OK",
        "",
      ].join("\n"),
    );
  });

  it("an ingress node's BIRD down: its sessions and its /32 next hops are named, DEGRADED", () => {
    const zones = fabricStatus(plan, reads(".in1-down"));
    assert.equal(
      statusText(zones),
      [
        "az1: DEGRADED — 6/8 sessions Established (core1 lab-az1-in1 Active, core2 lab-az1-in1 Active), 203.0.113.0/32 via 1/2 ingress nodes (lab-az1-in1 drained)",
        "  az1/core1  neighbor 10.11.0.21 lab-az1-in1: Active, planned Established",
        "  az1/core1  203.0.113.0/32 via lab-az1-in2",
        "  az1/core2  neighbor 10.11.0.21 lab-az1-in1: Active, planned Established",
        "  az1/core2  203.0.113.0/32 via lab-az1-in2",
        "az2: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes",
        "status: 1 of 2 zones DEGRADED",
        "",
      ].join("\n"),
    );
    assert.equal(zones[0].ingress[0].observed, "drained");
  });

  it("a /32 missing on one switch only: partial, the weakest switch counts", () => {
    const r = reads();
    r.set("az1/core2", { ...r.get("az1/core2")!, routes: { "203.0.113.0/32": ["10.11.0.22"] } });
    const [az1] = fabricStatus(plan, r);
    assert.equal(
      az1.verdict,
      "az1: DEGRADED — 8/8 sessions Established, 203.0.113.0/32 via 1/2 ingress nodes (lab-az1-in1 missing on core2)",
    );
    assert.equal(az1.ingress[0].observed, "partial");
  });

  it("a /32 reached only through another zone, and routes outside the pools ignored", () => {
    const r = reads();
    const only = { "203.0.113.0/32": ["172.31.255.12"], "10.111.0.0/26": ["10.11.0.11"] };
    r.set("az1/core1", { ...r.get("az1/core1")!, routes: only });
    r.set("az1/core2", { ...r.get("az1/core2")!, routes: only });
    const [az1] = fabricStatus(plan, r);
    assert.equal(
      az1.verdict,
      "az1: DEGRADED — 8/8 sessions Established, 203.0.113.0/32 via 0/2 ingress nodes (lab-az1-in1 drained, lab-az1-in2 drained)",
    );
    assert.deepEqual(az1.switches[0].routes, [
      { prefix: "203.0.113.0/32", via: [], others: ["172.31.255.12"] },
    ]);
  });

  it("a node drained in the plan and absent on the switches is OK; drained in the plan but still announcing is not", () => {
    const drainedPlan = (nodes: string[]): NetworkPlan => ({
      ...plan,
      zones: plan.zones.map((z) => ({
        ...z,
        ingressNodes: z.ingressNodes.map((n) =>
          nodes.includes(n.name) ? { ...n, drained: true as const } : n,
        ),
      })),
    });
    const r = reads();
    for (const k of ["az1/core1", "az1/core2"])
      r.set(k, { ...r.get(k)!, routes: { "203.0.113.0/32": ["10.11.0.22"] } });
    assert.equal(
      fabricStatus(drainedPlan(["lab-az1-in1"]), r)[0].verdict,
      "az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 1/1 ingress nodes (lab-az1-in1 drained as planned)",
    );
    assert.equal(
      fabricStatus(drainedPlan(["lab-az1-in1"]), reads())[0].verdict,
      "az1: DEGRADED — 8/8 sessions Established, 203.0.113.0/32 via 1/1 ingress nodes (lab-az1-in1 still announcing though drained in the plan)",
    );
    // The whole zone drained: no /32 on its switches is what the plan asks for.
    for (const k of ["az2/core1", "az2/core2"]) r.set(k, { ...r.get(k)!, routes: {} });
    assert.equal(
      fabricStatus(drainedPlan(["lab-az2-in1", "lab-az2-in2"]), r)[1].verdict,
      "az2: OK — 8/8 sessions Established, no LoadBalancer /32 on the switches (lab-az2-in1 drained as planned, lab-az2-in2 drained as planned)",
    );
  });

  it("no LoadBalancer /32 on a zone's switches is DEGRADED", () => {
    const r = reads();
    for (const k of ["az2/core1", "az2/core2"]) r.set(k, { ...r.get(k)!, routes: {} });
    assert.equal(
      fabricStatus(plan, r)[1].verdict,
      "az2: DEGRADED — 8/8 sessions Established, no LoadBalancer /32 on the switches (lab-az2-in1 drained, lab-az2-in2 drained)",
    );
  });

  it("a session Established in our peer group but not planned is named", () => {
    const r = reads();
    const a = r.get("az1/core1")!;
    r.set("az1/core1", {
      ...a,
      running: {
        ...a.running,
        peers: {
          ...a.running.peers,
          "10.11.0.99": { isGroup: false, memberOf: "K8S-RR", settings: {}, af: {} },
        },
      },
      states: { ...a.states, "10.11.0.99": "Established" },
    });
    const [az1] = fabricStatus(plan, r);
    assert.equal(
      az1.verdict,
      "az1: DEGRADED — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes, 1 unplanned session Established (core1 10.11.0.99)",
    );
    assert.match(
      statusText([az1]),
      /\n {2}az1\/core1 {2}neighbor 10\.11\.0\.99: Established, not in the plan \(in peer-group K8S-RR\)\n/,
    );
  });
});

describe("status: the topology with live state", () => {
  it("marks down sessions and the drained ingress node; the plan's picture is unchanged without live state", () => {
    const zones = fabricStatus(plan, reads(".in1-down"));
    const t = topology(plan, undefined, liveMarks(zones));
    const in1 = t.zones[0].nodes.find((n) => n.name === "lab-az1-in1")!;
    assert.equal(in1.live, "drained");
    assert.deepEqual(
      t.edges.filter((e) => e.live === "down").map((e) => [e.from, e.to, e.kind]),
      t.zones[0].nodes
        .filter((n) => n.role === "switch")
        .map((s) => [s.id, in1.id, "ingress-switch"]),
    );
    // Sessions no switch sees (node - reflector, reflector - reflector) carry no live state.
    assert.ok(
      t.edges
        .filter((e) => e.kind === "node-rr" || e.kind === "rr-rr")
        .every((e) => e.live === undefined),
    );
    const text = dot(t);
    assert.match(text, /DRAINED: no \/32 next hop/);
    assert.equal((text.match(/label="down"/g) ?? []).length, 2);
    assert.match(text, /live state from the core switches/);
    const plain = dot(topology(plan));
    assert.doesNotMatch(plain, /DRAINED|label="down"|live state/);
    assert.deepEqual(
      statusFiles(plan, zones).map((f) => f.path),
      ["status.txt", "status.json", "status.dot"],
    );
  });
});

describe("status over SSH: read-only", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "status-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fake = resolve(__dirname, "../helpers/fake-ssh.js");
  const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyxxxxxxxxxxxxxxxxxxxxxxx";

  it("sends the running config, summary and one routes command per pool, nothing else", async () => {
    const log = join(dir, "calls.jsonl");
    process.env.FAKE_SSH_LOG = log;
    const az1 = {
      ...plan,
      zones: plan.zones.filter((z) => z.name === "az1"),
      switches: plan.switches.filter((s) => s.zone === "az1"),
    };
    const zones = await liveStatus(az1, {
      keyFile: "/keys/operator",
      hostKeys: { "az1/core1": key, "az1/core2": key },
      wrap: [process.execPath, fake],
    });
    assert.deepEqual(
      zones.map((z) => z.verdict),
      ["az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes"],
    );
    const calls = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as string[]);
    const sent = calls.map((c) => `${c[c.length - 2]} ${c[c.length - 1]}`).sort();
    assert.deepEqual(sent, [
      "bgp-fabric@10.11.0.2 vtysh -c 'show bgp summary json'",
      "bgp-fabric@10.11.0.2 vtysh -c 'show ip route 203.0.113.0/28 longer-prefixes json'",
      "bgp-fabric@10.11.0.2 vtysh -c 'show running-config'",
      "bgp-fabric@10.11.0.3 vtysh -c 'show bgp summary json'",
      "bgp-fabric@10.11.0.3 vtysh -c 'show ip route 203.0.113.0/28 longer-prefixes json'",
      "bgp-fabric@10.11.0.3 vtysh -c 'show running-config'",
    ]);
  });

  it("builds the routes command from a canonical CIDR only and allows nothing else", () => {
    assert.equal(
      routesCommand("frr", "203.0.113.0/28"),
      "vtysh -c 'show ip route 203.0.113.0/28 longer-prefixes json'",
    );
    for (const bad of [
      "203.0.113.1/28",
      "203.0.113.0/28'; reload",
      "0x1.0.0.0/8",
      "203.0.113.0/33",
    ])
      assert.throws(() => routesCommand("eos", bad), /is not a canonical IPv4 CIDR/);
    assert.equal(allowed(LIVE_COMMANDS.nxos.summary), true);
    assert.equal(allowed("vtysh -c 'show ip route 203.0.113.1/28 longer-prefixes json'"), false);
    assert.equal(
      allowed("vtysh -c 'show ip route 203.0.113.0/28 longer-prefixes json' -c 'write'"),
      false,
    );
    assert.throws(
      () => showArgv(core1, "vtysh -c 'clear bgp *'", "/k", undefined),
      /not an allow-listed show command/,
    );
  });
});
