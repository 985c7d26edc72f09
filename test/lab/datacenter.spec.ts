// The lab datacenter on real FRR, BIRD 2 and OpenSSH (root, network namespaces): sessions, routes, traffic and the
// failure drills, each with its measured figure printed. Every drill restores the lab before the next one starts.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { birdChanges, frrFlaps } from "../../lab/flaps";
import {
  birdProtocolFor,
  birdProtocols,
  frrPeers,
  nexthops,
  sessionStates,
  snapshot,
  established,
  type Snapshot,
} from "../../lab/observe";
import { planFromStack } from "../../lab/plan-source";
import {
  failuresBeyondRehash,
  httpLoad,
  ping,
  seconds,
  stopwatch,
  type LoadResult,
} from "../../lab/probes";
import { runAll } from "../../lab/remote-command";
import { sh, sleep } from "../../lab/sh";
import { runningConfig } from "../../lab/switch-frr";
import { readRaw, variant, withExtraZone, writeStack } from "../../lab/zone-gen";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
/** The issue's bound for a dead ingress node's /32 to leave a switch's FIB. */
const FAILOVER_BOUND_MS = 10_000;

const figure = (line: string) => console.log(`      > ${line}`);

async function convergedAgain(lab: Lab, what: string, timeoutMs = 90_000): Promise<void> {
  const t0 = Date.now();
  await lab.waitConverged(timeoutMs);
  figure(`${what}: lab converged again after ${seconds(Date.now() - t0)}`);
}

/**
 * A snapshot taken once no session has changed state for 5 s: a drill that just restarted a node may still see
 * a late reconnect, which is not the next test's flap.
 */
async function settled(lab: Lab): Promise<Snapshot> {
  let prev = await snapshot(lab.state, lab.topo);
  for (let i = 0; i < 6; i++) {
    await sleep(5000);
    const next = await snapshot(lab.state, lab.topo);
    const moved = birdChanges(prev, next);
    if (moved.length === 0) return next;
    figure(
      `sessions still settling after the previous drill (${moved.join(", ")}); waiting 5 s more`,
    );
    prev = next;
  }
  return prev;
}

/** All pod addresses, each pinged from the client; returns the unreachable ones. */
async function unreachablePods(lab: Lab, zones?: string[]): Promise<string[]> {
  const pods = lab.bgp.filter((b) => !zones || zones.includes(b.node.zone));
  const results = await Promise.all(
    pods.map(async (b) =>
      (await ping(lab.topo.clientNs, b.podAddress)) ? "" : `${b.node.name} ${b.podAddress}`,
    ),
  );
  return results.filter(Boolean);
}

describe("lab datacenter (real FRR, BIRD 2, OpenSSH in network namespaces)", function () {
  let lab: Lab;
  const lbUrl = () => `http://${lab.loadBalancerIps()[0].replace(/\/32$/, "")}/`;
  const lbPrefix = () => lab.loadBalancerIps()[0];
  const zoneSwitches = (zone: string) => lab.topo.switches.filter((s) => s.zone === zone);
  const ingressOf = (zone: string) =>
    lab.bgp
      .filter((b) => b.node.zone === zone && b.serviceRoutes.includes(lbPrefix()))
      .map((b) => b.node.name);
  const allIngress = () =>
    lab.bgp
      .filter((b) => b.serviceRoutes.includes(lbPrefix()))
      .map((b) => b.node.name)
      .sort();

  before(async function () {
    this.timeout(180_000);
    const t0 = Date.now();
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => console.log(`      ${l}`),
    });
    figure(`lab built and converged in ${seconds(Date.now() - t0)}`);
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("applies the plan's switch commands over SSH idempotently and removes them to the byte-identical pre-state", async function () {
    this.timeout(180_000);
    const switches = lab.topo.switches;
    const applied = new Map(switches.map((s) => [s.ns, runningConfig(lab.state, s)]));
    const pre = new Map(
      switches.map((s) => [
        s.ns,
        readFileSync(join(RUN_DIR, "hosts", s.ns, "pre-plan.conf"), "utf8"),
      ]),
    );
    for (const s of switches)
      assert.notEqual(applied.get(s.ns), pre.get(s.ns), `${s.ns}: the plan changed nothing`);

    const n = await runAll(
      lab.ssh,
      switches.map((s) => s.plan),
      "create",
    );
    for (const s of switches)
      assert.equal(
        runningConfig(lab.state, s),
        applied.get(s.ns),
        `${s.ns}: re-running create changed the config`,
      );
    figure(`${n} create commands re-run over SSH: running configs unchanged (idempotent)`);

    await runAll(
      lab.ssh,
      switches.map((s) => s.plan),
      "delete",
    );
    for (const s of switches)
      assert.equal(
        runningConfig(lab.state, s),
        pre.get(s.ns),
        `${s.ns}: delete did not restore the pre-plan config`,
      );
    figure(
      `${n} delete commands run in reverse order: ${switches.length} running configs byte-identical to the pre-plan state`,
    );

    await runAll(
      lab.ssh,
      switches.map((s) => s.plan),
      "create",
    );
    for (const s of switches) assert.equal(runningConfig(lab.state, s), applied.get(s.ns));
    await convergedAgain(lab, "after delete + re-create");
  });

  it("has every plan session Established on both ends, and no session the plan does not list", async () => {
    const snap = await snapshot(lab.state, lab.topo);
    const states = sessionStates(lab.plan, lab.topo, snap);
    assert.deepEqual(
      states
        .filter((s) => !established(s))
        .map((s) => `${s.session.a.name}-${s.session.b.name}: ${s.a}/${s.b}`),
      [],
    );
    for (const n of lab.topo.nodes) {
      const want = lab.plan.sessions
        .flatMap((s) =>
          s.a.name === n.name ? [s.b.address] : s.b.name === n.name ? [s.a.address] : [],
        )
        .map(birdProtocolFor)
        .sort();
      assert.deepEqual(
        [...(snap.bird.get(n.ns)?.keys() ?? [])].sort(),
        want,
        `${n.name}'s BIRD sessions`,
      );
    }
    for (const sw of lab.topo.switches) {
      const nodePeers = [...(snap.frr.get(sw.ns)?.keys() ?? [])]
        .filter((ip) => lab.topo.nodes.some((n) => n.address === ip))
        .sort();
      const want = lab.plan.sessions
        .filter((s) => s.b.role === "switch" && s.b.name === sw.name && s.zone === sw.zone)
        .map((s) => s.a.address)
        .sort();
      assert.deepEqual(nodePeers, want, `${sw.ns}'s node neighbors`);
    }
    figure(
      `${states.length} plan sessions Established on both ends (FRR show bgp summary json, birdc show protocols)`,
    );
  });

  it("gives each core switch one kernel nexthop per ingress node of its zone for every LoadBalancer /32", () => {
    for (const sw of lab.topo.switches) {
      for (const lb of lab.loadBalancerIps()) {
        const want = lab.expectedLbNexthops(sw, lb);
        assert.ok(want.length >= 2, `${sw.zone} needs two ingress nodes for ECMP`);
        assert.deepEqual(nexthops(sw.ns, lb), want, `${sw.ns} ${lb}`);
        figure(`${sw.zone}-${sw.name}: ${lb} -> ${want.join(", ")} (${want.length}-way ECMP)`);
      }
    }
  });

  it("routes its zone's pod blocks on every node by BIRD and reaches every zone's pods across the transport", async function () {
    this.timeout(60_000);
    let routes = 0;
    // Other zones' pods are reached through the switches (bgp.nodesReceive default-only: the default route).
    for (const n of lab.topo.nodes) {
      for (const other of lab.bgp.filter((b) => b.node.name !== n.name && b.node.zone === n.zone)) {
        for (const block of other.blocks) {
          assert.ok(
            nexthops(n.ns, block).length > 0,
            `${n.name} has no kernel route to ${other.node.name}'s block ${block}`,
          );
          routes++;
        }
      }
    }
    const crossZone = lab.bgp.flatMap((from) =>
      lab.bgp.filter((to) => to.node.zone !== from.node.zone).map((to) => ({ from, to })),
    );
    const failed = (
      await Promise.all(
        crossZone.map(async ({ from, to }) =>
          (await ping(lab.node(from.node.name).ns, to.podAddress, from.podAddress))
            ? ""
            : `${from.node.name}->${to.node.name}`,
        ),
      )
    ).filter(Boolean);
    assert.deepEqual(failed, []);
    assert.deepEqual(await unreachablePods(lab), []);
    figure(
      `${routes} node->block kernel routes; ${crossZone.length} cross-zone pod-to-pod pings and ${lab.bgp.length} client->pod pings all answered`,
    );
  });

  it("answers HTTP from the client to the LoadBalancer IP on every ingress node (L4-hashed ECMP)", async function () {
    this.timeout(60_000);
    const r = await httpLoad(lab.topo.clientNs, lbUrl(), 400, 400);
    assert.equal(r.failed, 0, JSON.stringify(r.failures));
    const ingress = lab.bgp
      .filter((b) => b.serviceRoutes.includes(lbPrefix()))
      .map((b) => b.node.name)
      .sort();
    assert.deepEqual(Object.keys(r.byNode).sort(), ingress);
    figure(
      `400 requests to ${lbUrl()}: ${Object.entries(r.byNode)
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")}`,
    );
  });

  /** Times until `node`'s address leaves the LB /32 on each switch of its zone (undefined = still there at the cap). */
  async function untilNexthopLeaves(
    node: string,
    capMs: number,
  ): Promise<Map<string, number | undefined>> {
    const addr = lab.node(node).address;
    const switches = zoneSwitches(lab.node(node).zone);
    const out = new Map<string, number | undefined>();
    await Promise.all(
      switches.map(async (sw) =>
        out.set(
          `${sw.zone}-${sw.name}`,
          await stopwatch(() => !nexthops(sw.ns, lbPrefix()).includes(addr), capMs),
        ),
      ),
    );
    return out;
  }

  const show = (m: Map<string, number | undefined>) =>
    [...m].map(([k, v]) => `${k} ${seconds(v)}`).join(", ");

  it("drill: silent death of an ingress node leaves every switch FIB within 10 s", async function () {
    this.timeout(180_000);
    const node = ingressOf(lab.plan.zones[0].name)[0];
    lab.unplugHost(lab.node(node).ns);
    let t: Map<string, number | undefined>;
    try {
      t = await untilNexthopLeaves(node, 20_000);
    } finally {
      lab.plugHost(lab.node(node).ns);
    }
    figure(`${node} unplugged without a word: its /32 nexthop left ${show(t)}`);
    for (const v of t.values())
      assert.ok(v !== undefined && v <= FAILOVER_BOUND_MS, `took ${seconds(v)}`);
    await convergedAgain(lab, `${node} plugged back`);
  });

  it("drill: crash of an ingress node (BIRD and responder killed) leaves every switch FIB within 10 s", async function () {
    this.timeout(180_000);
    const node = ingressOf(lab.plan.zones[0].name)[1];
    await lab.crashNode(node);
    let t: Map<string, number | undefined>;
    try {
      t = await untilNexthopLeaves(node, 20_000);
    } finally {
      await lab.restartNode(node);
    }
    figure(
      `${node} crashed (SIGKILL; its kernel closes the TCP sessions): its /32 nexthop left ${show(t)}`,
    );
    for (const v of t.values())
      assert.ok(
        v !== undefined && v <= FAILOVER_BOUND_MS,
        `took ${seconds(v)} (graceful restart held the stale path)`,
      );
    await convergedAgain(lab, `${node} restarted`);
  });

  it("drill: loss of one reflector keeps every route through the other", async function () {
    this.timeout(180_000);
    const zone = lab.plan.zones[0];
    const rr = zone.reflectors[0];
    const blocks = lab.bgp.filter((b) => b.node.zone === zone.name).flatMap((b) => b.blocks);
    let gaps = 0;
    let down: number | undefined;
    let unreachable: string[];
    let http: LoadResult;
    lab.unplugHost(lab.node(rr.name).ns);
    try {
      down = await stopwatch(
        async () => {
          for (const sw of zoneSwitches(zone.name))
            for (const b of blocks) if (nexthops(sw.ns, b).length === 0) gaps++;
          const peers = await Promise.all(
            zoneSwitches(zone.name).map((sw) => frrPeers(lab.state, sw)),
          );
          return peers.every((p) => p.get(rr.address)?.state !== "Established");
        },
        20_000,
        250,
      );
      await sleep(1000);
      unreachable = await unreachablePods(lab, [zone.name]);
      http = await httpLoad(lab.topo.clientNs, lbUrl(), 100, 200);
    } finally {
      lab.plugHost(lab.node(rr.name).ns);
    }
    figure(
      `${rr.name} unplugged: the switches dropped its sessions after ${seconds(down)}; ${blocks.length} ${zone.name} pod blocks stayed in both switch FIBs throughout (${gaps} gaps); pods unreachable: ${unreachable.length}; HTTP ${http.ok}/${http.requests}`,
    );
    assert.ok(down !== undefined, "the switches never noticed the dead reflector");
    assert.equal(gaps, 0);
    // The dead reflector's own "pod" is the only thing allowed to be unreachable.
    assert.deepEqual(
      unreachable.filter((u) => !u.startsWith(`${rr.name} `)),
      [],
    );
    assert.equal(http.failed, 0, JSON.stringify(http.failures));
    await convergedAgain(lab, `${rr.name} plugged back`);
  });

  it("drill: loss of one core switch — the client and the zone's nodes route around it", async function () {
    this.timeout(240_000);
    const zone = lab.plan.zones[0].name;
    // The last switch: the first one also carries the lab's underlay default gateway (a VRRP stand-in).
    const sw = zoneSwitches(zone).at(-1)!;
    const label = `${sw.zone}-${sw.name}`;
    const zoneNodes = lab.topo.nodes.filter((n) => n.zone === zone);
    const usesDead = () =>
      zoneNodes
        .filter((n) =>
          (
            JSON.parse(
              sh("ip", ["-n", n.ns, "-j", "route", "show", "proto", "bird"]).stdout || "[]",
            ) as { gateway?: string; nexthops?: { gateway: string }[] }[]
          ).some(
            (r) => r.gateway === sw.address || r.nexthops?.some((h) => h.gateway === sw.address),
          ),
        )
        .map((n) => n.name);
    let clientDrop: number | undefined;
    let nodesDrop: number | undefined;
    let http: LoadResult;
    let unreachable: string[];
    let stale: string[] = [];
    lab.unplugHost(sw.ns);
    try {
      clientDrop = await stopwatch(
        () => !nexthops(lab.topo.clientNs, lbPrefix()).includes(sw.transportAddress),
        20_000,
      );
      nodesDrop = await stopwatch(
        () => usesDead().length === 0,
        20_000 - (clientDrop ?? 20_000),
        200,
      );
      http = await httpLoad(lab.topo.clientNs, lbUrl(), 200, 200);
      unreachable = await unreachablePods(lab);
    } finally {
      stale = usesDead();
      lab.plugHost(sw.ns);
    }
    figure(
      `${label} unplugged: the client dropped it after ${seconds(clientDrop)}; ${zone} nodes stopped routing via it ${nodesDrop === undefined ? `- not within 20 s (${stale.length} nodes still did: graceful-restart helpers)` : `${seconds(nodesDrop)} later`}; HTTP ${http.ok}/${http.requests} (${Object.entries(
        http.byNode,
      )
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")}); pods unreachable: ${unreachable.length}`,
    );
    assert.ok(
      clientDrop !== undefined && clientDrop <= FAILOVER_BOUND_MS,
      `client: ${seconds(clientDrop)}`,
    );
    assert.deepEqual(stale, [], "nodes kept routing via the dead switch");
    assert.equal(http.failed, 0, JSON.stringify(http.failures));
    assert.deepEqual(Object.keys(http.byNode).sort(), allIngress());
    assert.deepEqual(unreachable, []);
    await convergedAgain(lab, `${label} plugged back`);
  });

  it("drill: loss of a whole zone — the other zones keep serving", async function () {
    this.timeout(300_000);
    const lost = lab.plan.zones[0].name;
    const hosts = [
      ...lab.topo.switches.filter((s) => s.zone === lost).map((s) => s.ns),
      ...lab.topo.nodes.filter((n) => n.zone === lost).map((n) => n.ns),
    ];
    const lostSwitches = lab.topo.switches
      .filter((s) => s.zone === lost)
      .map((s) => s.transportAddress);
    const others = lab.plan.zones.map((z) => z.name).filter((z) => z !== lost);
    const during = httpLoad(lab.topo.clientNs, lbUrl(), 300, 20, 1000);
    await sleep(2000);
    let clientDrop: number | undefined;
    let d: LoadResult;
    let after: LoadResult;
    let unreachable: string[];
    for (const ns of hosts) lab.unplugHost(ns);
    try {
      clientDrop = await stopwatch(
        () => !nexthops(lab.topo.clientNs, lbPrefix()).some((h) => lostSwitches.includes(h)),
        20_000,
      );
      d = await during;
      after = await httpLoad(lab.topo.clientNs, lbUrl(), 200, 200);
      unreachable = await unreachablePods(lab, others);
    } finally {
      for (const ns of hosts) lab.plugHost(ns);
    }
    figure(
      `zone ${lost} (${hosts.length} hosts) unplugged: the client dropped its switches after ${seconds(clientDrop)}; at 20 req/s ${d.failed}/${d.requests} requests failed meanwhile (flows hashed to the dead zone); afterwards HTTP ${after.ok}/${after.requests} (${Object.entries(
        after.byNode,
      )
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")}); ${others.join(", ")} pods unreachable: ${unreachable.length}`,
    );
    assert.ok(
      clientDrop !== undefined && clientDrop <= FAILOVER_BOUND_MS,
      `client: ${seconds(clientDrop)}`,
    );
    assert.equal(after.failed, 0, JSON.stringify(after.failures));
    assert.deepEqual(
      Object.keys(after.byNode).sort(),
      allIngress().filter((n) => !ingressOf(lost).includes(n)),
    );
    assert.deepEqual(unreachable, []);
    await convergedAgain(lab, `zone ${lost} plugged back`, 150_000);
  });

  it("drill: planned drain of an ingress node — /32 withdrawn first, then stopped: no request lost but one in flight as a switch dropped the node", async function () {
    this.timeout(180_000);
    const zone = lab.plan.zones[lab.plan.zones.length - 1].name;
    const node = ingressOf(zone)[0];
    const b = lab.bgpOf(node);
    const load = httpLoad(lab.topo.clientNs, lbUrl(), 400, 50);
    let withdrawn: Map<string, number | undefined>;
    let changes: number[] = [];
    let r: LoadResult;
    try {
      await sleep(1500);
      // The controller pod leaves the node: Calico withdraws the node's /32 (no local endpoint any more).
      lab.reconfigureNode(node, {
        ...b,
        serviceRoutes: b.serviceRoutes.filter((x) => x !== lbPrefix()),
      });
      const watchedAt = Date.now();
      withdrawn = await untilNexthopLeaves(node, 10_000);
      changes = [...withdrawn.values()].flatMap((v) => (v === undefined ? [] : [watchedAt + v]));
      await sleep(1000); // requests already on their way to the node finish
      await lab.stopNodeProcesses(node);
      r = await load;
    } finally {
      await lab.restartNode(node);
    }
    const { rehashed, other } = failuresBeyondRehash(r, changes);
    figure(
      `${node} drained under ${r.requests} requests at 50/s: its /32 left ${show(withdrawn)}, then BIRD and the responder stopped; failed ${r.failed}${rehashed.length === 0 ? "" : ` (${rehashed.length} reset in flight as a switch dropped the node: ECMP keeps no flow state)`} (${Object.entries(
        r.byNode,
      )
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")})`,
    );
    for (const v of withdrawn.values()) assert.ok(v !== undefined);
    // Nothing black-holed: no request failed but one in flight at the instant a switch dropped the node.
    assert.deepEqual(other, [], JSON.stringify(r.failures));
    await convergedAgain(lab, `${node} back in service`);
  });

  it("adds a zone to the running lab: only the new commands run, zero session flaps in the existing zones", async function () {
    this.timeout(240_000);
    const { raw, zone } = withExtraZone(readRaw(STACK));
    const file = join(RUN_DIR, `Pulumi.lab-plus-${zone}.yaml`);
    writeStack(file, raw, `lab stack plus generated zone ${zone} (test/lab/datacenter.spec.ts)`);
    const next = planFromStack(file);
    const oldZones = lab.plan.zones.map((z) => z.name);
    const oldSessions = lab.plan.sessions;
    const before = await settled(lab);
    const t0 = Date.now();
    const grown = await lab.addZones(next);
    await lab.waitConverged(90_000);
    const after = await snapshot(lab.state, lab.topo);
    const elapsed = Date.now() - t0;

    const flaps = frrFlaps(
      before,
      after,
      lab.topo.switches.filter((s) => oldZones.includes(s.zone)).map((s) => s.ns),
      elapsed,
    );
    flaps.push(
      ...birdChanges(
        before,
        after,
        lab.topo.nodes.filter((x) => oldZones.includes(x.zone)).map((x) => x.ns),
      ),
    );
    const newZone = next.zones.find((z) => z.name === zone)!;
    const http = await httpLoad(lab.topo.clientNs, lbUrl(), 600, 400);
    const unreachable = await unreachablePods(lab);
    figure(
      `zone ${zone} AS${newZone.asn} ${newZone.nodeCidr} added in ${seconds(elapsed)}: ${grown.commands.length} new switch commands run (${[...new Set(grown.commands.map((c) => c.split("-").slice(0, 2).join("-")))].join(", ")}), 0 existing commands changed; BIRD reconfigured in place on ${grown.reconfigured.length} existing nodes (new IPPool in the export filter)`,
    );
    figure(
      `${oldSessions.length} existing plan sessions + transport checked: ${flaps.length} flaps; HTTP ${http.ok}/${http.requests} over ${Object.keys(http.byNode).length} ingress nodes; pods unreachable: ${unreachable.length}`,
    );
    assert.deepEqual(grown.changedCommands, []);
    assert.ok(
      grown.commands.every((c) => c.startsWith(`${zone}-`)),
      grown.commands.join(),
    );
    assert.deepEqual(flaps, []);
    assert.equal(http.failed, 0);
    assert.deepEqual(
      Object.keys(http.byNode).sort(),
      lab.bgp
        .filter((b) => b.serviceRoutes.includes(lbPrefix()))
        .map((b) => b.node.name)
        .sort(),
    );
    assert.deepEqual(unreachable, []);
  });

  it("prints the final session and route tables", async () => {
    console.log(
      (await lab.report())
        .split("\n")
        .map((l) => `      ${l}`)
        .join("\n"),
    );
  });
});

describe("lab evidence: ingress.mode reflector (ADD-PATH through the reflectors)", function () {
  let lab: Lab;
  let dir: string;

  before(async function () {
    this.timeout(180_000);
    dir = mkdtempSync(join(tmpdir(), "bgp-fabric-reflector-"));
    const raw = readRaw(STACK);
    const first = Object.keys(raw.zones as object).sort()[0];
    const file = join(dir, "Pulumi.lab-reflector.yaml");
    writeStack(
      file,
      variant(raw, "reflector", [first]),
      `lab stack, zone ${first} only, ingress.mode reflector`,
    );
    lab = await Lab.up({ stackFile: file, runDir: RUN_DIR, log: (l) => console.log(`      ${l}`) });
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reflects every ingress path by ADD-PATH, but keeps a silently dead node's path past 10 s (BIRD hold time 240 s)", async function () {
    this.timeout(120_000);
    const lb = lab.loadBalancerIps()[0];
    for (const sw of lab.topo.switches) {
      assert.deepEqual(nexthops(sw.ns, lb), lab.expectedLbNexthops(sw, lb));
      figure(
        `reflector mode, ${sw.zone}-${sw.name}: ${lb} -> ${nexthops(sw.ns, lb).length} nexthops via the reflectors (ADD-PATH)`,
      );
    }
    const node = lab.bgp.find((b) => b.serviceRoutes.includes(lb))!.node;
    const n = lab.node(node.name);
    const cap = 20_000;
    let times: (number | undefined)[];
    let rrView: Awaited<ReturnType<typeof birdProtocols>>;
    lab.unplugHost(n.ns);
    try {
      times = await Promise.all(
        lab.topo.switches.map((sw) =>
          stopwatch(() => !nexthops(sw.ns, lb).includes(n.address), cap),
        ),
      );
      rrView = await birdProtocols(lab.state, lab.node(lab.plan.zones[0].reflectors[0].name).ns);
    } finally {
      lab.plugHost(n.ns);
    }
    figure(
      `reflector mode: ${node.name} unplugged; its nexthop left the switches: ${times.map(seconds).join(", ")} (cap ${cap / 1000} s); reflector still sees its session ${rrView.get(birdProtocolFor(n.address))?.state}`,
    );
    assert.ok(
      times.every((t) => t === undefined || t > FAILOVER_BOUND_MS),
      "reflector mode now fails over within 10 s: revisit the direct-mode default",
    );
  });
});
