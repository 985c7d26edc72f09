// BGP password rotation on real FRR 8.4 and BIRD 2 with TCP-MD5 on every switch session: one zone with one
// password per switch, one with a zone-wide password; then one switch's password rotated under HTTP load, in each
// order the procedure allows (docs/password-rotation.md). Each rotation prints its figures: requests, failures, and
// how long each of the rotated switch's sessions was down; the other switch's sessions must never flap.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { birdChanges, frrFlaps } from "../../lab/flaps";
import { birdProtocolFor, frrPeers, nexthops, snapshot, type Snapshot } from "../../lab/observe";
import { newPassword, perSwitchPasswords } from "../../lab/passwords";
import { planFromStack } from "../../lab/plan-source";
import { failuresBeyondRehash, httpLoad, seconds, type LoadResult } from "../../lab/probes";
import { pollUntilStopped, sh, sleep, waitFor } from "../../lab/sh";
import { runningConfig } from "../../lab/switch-frr";
import type { LabSwitch } from "../../lab/topology";
import { names, PEER_GROUPS } from "../../model/core/names";
import { switchPassword, type ZonePasswords } from "../../model/spec/secrets";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const figure = (line: string) => console.log(`      > ${line}`);
/** HTTP load during a rotation: a new TCP flow every 20 ms through the ECMP'd LoadBalancer IP. */
const RATE = 50;
const LOAD_SECONDS = 30;

interface Outage {
  neighbor: string;
  /** Milliseconds after the first half was applied; undefined when never seen down. */
  downAt?: number;
  upAt?: number;
}

/**
 * Polls a switch's FRR neighbors until stopped: for each, when it first left Established and when it was
 * Established again (resolution: one `show bgp summary json`, a few hundred ms).
 */
function watchNeighbors(lab: Lab, sw: LabSwitch, neighbors: string[], t0: number) {
  const seen = new Map<string, Outage>(neighbors.map((n) => [n, { neighbor: n }]));
  const poll = pollUntilStopped(async () => {
    const peers = await frrPeers(lab.state, sw).catch(() => new Map());
    const t = Date.now() - t0;
    for (const o of seen.values()) {
      const up = peers.get(o.neighbor)?.state === "Established";
      if (!up && o.downAt === undefined) o.downAt = t;
      if (up && o.downAt !== undefined && o.upAt === undefined) o.upAt = t;
    }
  }, 150);
  return {
    stop: async () => {
      await poll.stop();
      return [...seen.values()];
    },
  };
}

/**
 * Polls the client's (the upstream's) ECMP set for the LoadBalancer IP until stopped: when the switch first left it
 * and when it was back (resolution: one `ip -j route`, every 50 ms).
 */
function watchClient(lab: Lab, sw: LabSwitch, lb: string, t0: number) {
  // `changeAt`: epoch ms of each change of the set after the first sample (what can reset a request in flight).
  const seen: { leftAt?: number; backAt?: number; changes: string[]; changeAt: number[] } = {
    changes: [],
    changeAt: [],
  };
  let last = "";
  const poll = pollUntilStopped(() => {
    const set = nexthops(lab.topo.clientNs, lb);
    const inSet = set.includes(sw.transportAddress);
    const t = Date.now() - t0;
    if (set.join() !== last) {
      if (seen.changes.length > 0) seen.changeAt.push(t0 + t);
      seen.changes.push(`${seconds(t)} [${(last = set.join())}]`);
    }
    if (!inSet && seen.leftAt === undefined) seen.leftAt = t;
    if (inSet && seen.leftAt !== undefined && seen.backAt === undefined) seen.backAt = t;
  }, 50);
  return {
    stop: async () => {
      await poll.stop();
      return seen;
    },
  };
}

describe("lab BGP password rotation (real FRR 8.4, BIRD 2, TCP-MD5 on every switch session)", function () {
  let lab: Lab;
  let passwords: Record<string, ZonePasswords>;
  const logged: string[] = [];
  const lbUrl = () => `http://${lab.loadBalancerIps()[0].replace(/\/32$/, "")}/`;
  const secrets = () =>
    Object.values(passwords).flatMap((p) => (typeof p === "string" ? [p] : Object.values(p)));

  before(async function () {
    this.timeout(180_000);
    // First zone: one password per switch (what rotation needs); second: the zone-wide form, still accepted.
    const plan = planFromStack(STACK);
    passwords = { ...perSwitchPasswords(plan), [plan.zones[1].name]: newPassword() };
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      passwords,
      log: (l) => {
        logged.push(l);
        console.log(`      ${l}`);
      },
    });
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("establishes every switch session with TCP-MD5 on both ends, each switch with its own password", async () => {
    // Up has converged: every plan session is Established on both ends. Now: signed with the right password.
    const sessions = lab.plan.sessions.filter((s) => s.b.role === "switch");
    assert.ok(sessions.length > 0);
    for (const sw of lab.topo.switches) {
      const pw = switchPassword(passwords, sw.zone, sw.name)!;
      const config = runningConfig(lab.state, sw);
      for (const group of sw.plan.peerGroups.map((g) => g.name))
        assert.ok(
          config.includes(` neighbor ${group} password ${pw}\n`),
          `${sw.ns}: peer-group ${group} is not signed with the switch's password`,
        );
    }
    for (const s of sessions) {
      const peer = lab.bgpOf(s.a.name).peers.find((p) => p.ip === s.b.address)!;
      assert.equal(
        peer.password === switchPassword(passwords, s.zone, s.b.name),
        true,
        `${s.a.name} -> ${s.zone}/${s.b.name}: BIRD is not given that switch's password`,
      );
    }
    // Node-to-node sessions carry none (the plan signs switch sessions only).
    assert.deepEqual(
      lab.bgp.flatMap((b) =>
        b.peers
          .filter((p) => p.password !== undefined && !sessions.some((s) => s.b.address === p.ip))
          .map((p) => `${b.node.name} ${p.protocol}`),
      ),
      [],
    );
    const [a, b] = lab.topo.switches.filter((s) => s.zone === lab.plan.zones[0].name);
    assert.notEqual(
      switchPassword(passwords, a.zone, a.name),
      switchPassword(passwords, b.zone, b.name),
    );
    // The lab's plan file and its log hold no password (only placeholders).
    const plan = readFileSync(join(RUN_DIR, "plan.json"), "utf8");
    assert.ok(plan.includes('"<secret>"'));
    assert.deepEqual(
      secrets().filter((p) => plan.includes(p) || logged.some((l) => l.includes(p))),
      [],
    );
    figure(
      `${sessions.length} switch sessions Established with TCP-MD5: ${lab.plan.zones[0].name} one password per switch, ${lab.plan.zones[1].name} one for the zone`,
    );
  });

  it("the two switches of a zone send each flow to the same ingress node (what keeps a flow the upstream moves)", () => {
    // The kernel's choice for 64 client flows to the LoadBalancer IP, as each switch forwards them.
    const lb = lab.loadBalancerIps()[0].replace(/\/32$/, "");
    const choice = (sw: LabSwitch) =>
      Array.from({ length: 64 }, (_, i) => {
        const out = sh("ip", [
          "-n",
          sw.ns,
          "route",
          "get",
          lb,
          "from",
          lab.topo.clientAddress,
          "iif",
          "eth1",
          "ipproto",
          "tcp",
          "sport",
          String(40000 + i),
          "dport",
          "80",
        ]).stdout;
        return / via (\S+)/.exec(out)?.[1] ?? out.trim();
      });
    const [a, b] = zoneSwitches();
    const nodes = choice(a);
    assert.deepEqual(choice(b), nodes);
    assert.deepEqual([...new Set(nodes)].sort(), lab.expectedLbNexthops(a, `${lb}/32`));
    figure(
      `${a.name} and ${b.name} send 64 of 64 flows to the same node (${[...new Set(nodes)].sort().join(", ")})`,
    );
  });

  /**
   * Rotates one switch's password under HTTP load, applying the two halves in `order` with `gapMs` between them;
   * asserts zero failed requests, that every session of the switch bounced (the new password is in force on both
   * ends) and that no other session anywhere flapped.
   */
  async function rotate(
    order: "switch first" | "node first",
    sw: LabSwitch,
    gapMs: number,
    zeroFailures = true,
  ) {
    const zone = sw.zone;
    const old = passwords[zone] as Record<string, string>;
    const next = { ...passwords, [zone]: { ...old, [sw.name]: newPassword() } };
    const neighbors = sw.plan.neighbors.map((n) => n.address);
    const before: Snapshot = await snapshot(lab.state, lab.topo);
    const load = httpLoad(lab.topo.clientNs, lbUrl(), RATE * LOAD_SECONDS, RATE);
    await sleep(3000);
    const t0 = Date.now();
    const watch = watchNeighbors(lab, sw, neighbors, t0);
    const lb = lab.loadBalancerIps()[0];
    const client = watchClient(lab, sw, lb, t0);
    // As one `pulumi up` applies them: the switch command and the Secret run concurrently; the switch command
    // drains the switch, changes the password and waits for its sessions (which need the nodes' half) to undrain.
    const newPw = switchPassword(next, zone, sw.name)!;
    const inForce = () =>
      waitFor(
        "the new password in the switch's running config",
        () =>
          runningConfig(lab.state, sw).includes(
            ` neighbor ${PEER_GROUPS.reflectors} password ${newPw}\n`,
          ) || undefined,
        60_000,
        100,
      );
    // The drain command first (the zone's Secret waits for it): the upstream leaves the switch before either half.
    const drained = await lab.applySwitchDrains(next, [sw.plan]);
    const tDrained = Date.now() - t0;
    let switchCommand: Promise<string[]> = Promise.resolve([]);
    let firstTouched: string[];
    let secondTouched: string[];
    if (order === "switch first") {
      switchCommand = lab.applySwitchPasswords(next, [sw.plan]);
      await inForce();
      firstTouched = sw.plan.commands.filter((c) => c.kind === "base").map((c) => c.name);
    } else firstTouched = lab.applyNodePasswords(next);
    const tFirst = Date.now() - t0;
    await sleep(gapMs);
    // During a long gap the halves disagree: TCP-MD5 keeps every session of the switch down.
    const midway = await frrPeers(lab.state, sw);
    const upMidway =
      gapMs > 0 ? neighbors.filter((n) => midway.get(n)?.state === "Established") : [];
    if (order === "switch first") secondTouched = lab.applyNodePasswords(next);
    else {
      switchCommand = lab.applySwitchPasswords(next, [sw.plan]);
      await inForce();
      secondTouched = sw.plan.commands.filter((c) => c.kind === "base").map((c) => c.name);
    }
    const tSecond = Date.now() - t0;
    await switchCommand;
    const tUndrained = Date.now() - t0;
    passwords = next;
    const convergedMs = await lab.waitConverged(60_000);
    await waitFor(
      "the switch back in the client's ECMP set",
      () => nexthops(lab.topo.clientNs, lb).includes(sw.transportAddress) || undefined,
      30_000,
      100,
    );
    const outages = await watch.stop();
    const upstream = await client.stop();
    const r: LoadResult = await load;
    const after = await snapshot(lab.state, lab.topo);
    const elapsed = Date.now() - t0 + 3000;
    // Any other session that moved: BIRD protocols other than the ones to this switch, FRR sessions of other switches.
    const rotatedProto = birdProtocolFor(sw.address);
    const zoneNodes = lab.topo.nodes.filter((n) => n.zone === zone).map((n) => n.ns);
    const otherBird = birdChanges(before, after).filter(
      (c) => !(zoneNodes.includes(c.split(" ")[0]) && c.endsWith(` ${rotatedProto}`)),
    );
    const otherFrr = frrFlaps(
      before,
      after,
      lab.topo.switches.filter((s) => s !== sw).map((s) => s.ns),
      elapsed,
    );
    const nodes = (ns: string[]) => ns.length;
    figure(
      `${zone}/${sw.name} password rotated, ${order} (${gapMs === 0 ? "back to back" : `${seconds(gapMs)} apart`}: ${firstTouched.length} ${order === "switch first" ? "switch command" : "nodes reconfigured"} at ${seconds(tFirst)}, ${secondTouched.length} ${order === "switch first" ? "nodes reconfigured" : "switch command"} at ${seconds(tSecond)}): HTTP ${r.ok}/${r.requests} ok, ${r.failed} failed (${Object.entries(
        r.byNode,
      )
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")}); ${sw.name}'s sessions down: ${outages
        .map(
          (o) =>
            `${o.neighbor} ${o.downAt === undefined ? "never" : o.upAt === undefined ? `from ${seconds(o.downAt)}, not back` : `${seconds(o.upAt - o.downAt)} (${seconds(o.downAt)}-${seconds(o.upAt)})`}`,
        )
        .join(
          ", ",
        )}; drain command done at ${seconds(tDrained)}; upstream ECMP without ${sw.name}: ${seconds(upstream.leftAt)}-${seconds(upstream.backAt)}, switch command done (undrained) at ${seconds(tUndrained)}; converged ${seconds(convergedMs)} after it; other sessions flapped: ${nodes(otherBird) + nodes(otherFrr)}`,
    );
    // The drain turns the rotation into two changes of the upstream's ECMP set (the switch leaves, then returns with
    // every session up). ECMP keeps no flow state: a request in flight at either instant can be rehashed onto another
    // zone's node and reset (a CI run: 1 of 1500, 3 ms long, at the return). No routing avoids that; any other loss
    // (a timeout, a refusal, a reset with no change in its lifetime) fails the drill.
    const { rehashed, other } = failuresBeyondRehash(r, upstream.changeAt);
    if (rehashed.length > 0)
      figure(
        `reset in flight at an upstream ECMP change: ${JSON.stringify(rehashed)}; upstream ECMP set: ${upstream.changes.join(", ")}`,
      );
    if (zeroFailures)
      assert.deepEqual(
        other,
        [],
        `requests lost beyond a reset in flight at an upstream ECMP change; upstream ECMP set (from the rotation): ${upstream.changes.join(", ")}`,
      );
    else if (r.failed > 0) figure(`failed requests: ${JSON.stringify(r.failures)}`);
    assert.deepEqual(otherBird, [], "BIRD sessions to anything but the rotated switch flapped");
    assert.deepEqual(otherFrr, [], "sessions of the other switches flapped");
    assert.deepEqual(upMidway, [], "sessions came up while the two ends had different passwords");
    assert.deepEqual(
      outages.filter((o) => o.downAt === undefined || o.upAt === undefined).map((o) => o.neighbor),
      [],
      "every session of the rotated switch bounces once and comes back",
    );
    // The drain: the upstream left the switch before any session dropped, and takes it back only once every
    // session of it is up again (never while its next-hop set is partial).
    const lastUp = Math.max(...outages.map((o) => o.upAt ?? Infinity));
    const firstDown = Math.min(...outages.map((o) => o.downAt ?? Infinity));
    assert.ok(
      upstream.leftAt !== undefined && upstream.backAt !== undefined,
      "the switch never left the upstream's ECMP set",
    );
    assert.ok(
      upstream.backAt > lastUp,
      `the upstream took ${sw.name} back at ${upstream.backAt} ms, before its last session was up (${lastUp} ms)`,
    );
    assert.deepEqual(drained, [names.switchDrain(zone, sw.name)]);
    assert.ok(
      upstream.leftAt < tDrained,
      `the upstream left ${sw.name} at ${upstream.leftAt} ms, after the drain command returned (${tDrained} ms)`,
    );
    assert.ok(
      upstream.leftAt < firstDown,
      `the upstream still used ${sw.name} when its first session dropped (${firstDown} ms; left at ${upstream.leftAt} ms)`,
    );
    return outages;
  }

  const zoneSwitches = () => lab.topo.switches.filter((s) => s.zone === lab.plan.zones[0].name);

  it("drill: with the halves 8 s apart (switch first) under HTTP load, TCP-MD5 holds only that switch's sessions down until the nodes follow", async function () {
    this.timeout(180_000);
    // Longer than BIRD's and FRR's connect retry (5 s): the mismatch is seen holding the sessions down. Not the
    // procedure (a long gap only lengthens the outage of one switch): the HTTP figure is reported, not asserted.
    await rotate("switch first", zoneSwitches()[0], 8000, false);
  });

  // BGP_FABRIC_ROTATIONS=8 repeats both zero-failure drills (the figures in docs/password-rotation.md).
  const repeat = Number(process.env.BGP_FABRIC_ROTATIONS ?? 1);
  for (let i = 1; i <= repeat; i++) {
    const nth = repeat > 1 ? ` (${i} of ${repeat})` : "";
    it(`drill: rotating a switch's password as one \`pulumi up\` applies it, node side first, under HTTP load: no request lost beyond a reset in flight at an ECMP change${nth}`, async function () {
      this.timeout(180_000);
      await rotate("node first", zoneSwitches().at(-1)!, 0);
    });

    it(`drill: rotating a switch's password as one \`pulumi up\` applies it, switch side first, under HTTP load: no request lost beyond a reset in flight at an ECMP change${nth}`, async function () {
      this.timeout(180_000);
      await rotate("switch first", zoneSwitches()[0], 0);
    });
  }

  it("keeps the peer groups' passwords in FRR's running config only (never on a command line of the plan)", () => {
    for (const sw of lab.topo.switches) {
      const pw = switchPassword(passwords, sw.zone, sw.name)!;
      const text = sw.plan.commands
        .map((c) => `${c.create}\n${c.delete}\n${c.stdin ?? ""}`)
        .join("\n");
      assert.ok(!text.includes(pw), `${sw.ns}: a plan command holds the password`);
      assert.ok(
        runningConfig(lab.state, sw).includes(
          ` neighbor ${PEER_GROUPS.reflectors} password ${pw}\n`,
        ),
        `${sw.ns}: the current password is not in force`,
      );
    }
  });
});
