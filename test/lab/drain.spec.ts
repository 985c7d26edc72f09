// Drain as config on real FRR 8.4, BIRD 2 and OpenSSH (docs/drain.md): the plan with `drain: true` applied as
// `pulumi up` applies it (lab/drain.ts) under HTTP load loses no request, and each switch's drain wait returns only
// after that switch's FIB (the kernel's, `ip -n <switch> route show <lb ip>`) no longer has the node as next hop;
// the undrain's waits return only once the node is back as next hop. A drain the node does not follow fails its
// wait after the bound, naming the switch, the node and the /32 still routed via it.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { applyDrain, type WaitRun } from "../../lab/drain";
import { nexthops } from "../../lab/observe";
import { planFromStack } from "../../lab/plan-source";
import { failuresBeyondRehash, httpLoad, seconds } from "../../lab/probes";
import { ssh } from "../../lab/remote-command";
import { pollUntilStopped, sleep } from "../../lab/sh";
import { readRaw, writeStack } from "../../lab/zone-gen";
import { LABELS, names } from "../../model/core/names";
import type { NetworkPlan } from "../../model/core/types";

const STACK = resolve(__dirname, "../../Pulumi.lab.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const figure = (line: string) => console.log(`      > ${line}`);
const ZONE = "az1";
const NODE = "lab-az1-in1";

/** The lab stack with `edit` applied to its raw config, planned through the one pipeline. */
function planWith(edit: (raw: any) => void, tag: string): NetworkPlan {
  const raw = readRaw(STACK);
  edit(raw);
  const file = resolve(RUN_DIR, `Pulumi.lab-${tag}.yaml`);
  writeStack(file, raw, `lab stack, ${tag} (test/lab/drain.spec.ts)`);
  return planFromStack(file);
}

describe("lab drain as config (real FRR 8.4, BIRD 2, OpenSSH)", function () {
  let lab: Lab;
  const lbPrefix = () => lab.loadBalancerIps()[0];
  const lbUrl = () => `http://${lbPrefix().replace(/\/32$/, "")}/`;
  const switches = () => lab.topo.switches.filter((s) => s.zone === ZONE);
  const address = () =>
    lab.plan.zones.find((z) => z.name === ZONE)!.ingressNodes.find((n) => n.name === NODE)!.address;
  /** Per switch, ms (since t0) when the FIB first held `want` for the node's next hop; polled every 20 ms. */
  function watchFib(t0: number, want: "absent" | "present") {
    const seen = new Map<string, number>();
    const poll = pollUntilStopped(() => {
      for (const s of switches()) {
        if (seen.has(s.ns)) continue;
        const has = nexthops(s.ns, lbPrefix()).includes(address());
        if (has === (want === "present")) seen.set(s.ns, Date.now() - t0);
      }
    }, 20);
    return { seen, stop: poll.stop };
  }
  const nsOf = (sw: string) => switches().find((s) => s.plan.name === sw)!.ns;
  const report = (runs: WaitRun[], fib: Map<string, number>) =>
    runs
      .map(
        (r) =>
          `${r.wait.switch}: FIB at ${seconds(fib.get(nsOf(r.wait.switch)))}, its wait returned at ${seconds(r.returnedAtMs)}`,
      )
      .join("; ");

  before(async function () {
    this.timeout(240_000);
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

  it("drains a node under HTTP load: no request lost but one in flight at a next-hop change, each switch's wait returns after its FIB withdrew the node; undrain waits until it is back", async function () {
    this.timeout(150_000);
    const served = lab.plan;
    const drained = planWith((raw) => (raw.zones[ZONE].ingressNodes[NODE].drain = true), "drain");
    // What the plan says: the label on the node's patch, one wait per switch of the zone.
    const patch = drained.kubernetes.find(
      (o) => o.resourceName === names.nodePatch(ZONE, NODE).resource,
    )!;
    assert.equal(patch.body.metadata.labels?.[LABELS.excludeFromLb], "true");
    assert.deepEqual(
      drained.switches.flatMap((s) => (s.drainWaits ?? []).map((w) => w.name)),
      switches().map((s) => names.drainWait(ZONE, s.plan.name, NODE)),
    );
    for (const s of switches())
      assert.ok(
        nexthops(s.ns, lbPrefix()).includes(address()),
        `${s.ns} routes via ${NODE} before`,
      );
    const load = httpLoad(lab.topo.clientNs, lbUrl(), 500, 50);
    await sleep(1500);
    let t0 = Date.now();
    const drainT0 = t0;
    let fib = watchFib(t0, "absent");
    const drainRuns = await applyDrain(lab, drained, t0);
    await fib.stop();
    const drainFib = fib.seen;
    const after = switches().map((s) => nexthops(s.ns, lbPrefix()));
    await sleep(1500);
    t0 = Date.now();
    fib = watchFib(t0, "present");
    const undrainRuns = await applyDrain(lab, served, t0);
    await fib.stop();
    const undrainFib = fib.seen;
    const r = await load;
    // Each switch's next-hop change, drain and undrain, in epoch ms (what can reset a connection in flight).
    const changes = [
      ...[...drainFib.values()].map((v) => drainT0 + v),
      ...[...undrainFib.values()].map((v) => t0 + v),
    ];
    const { rehashed, other } = failuresBeyondRehash(r, changes);

    figure(`drain of ${NODE} (${address()}): ${report(drainRuns, drainFib)}`);
    figure(`undrain: ${report(undrainRuns, undrainFib)}`);
    figure(
      `HTTP through the drain and undrain: ${r.requests} requests at 50/s, failed ${r.failed}${rehashed.length === 0 ? "" : ` (${rehashed.length} reset in flight at a next-hop change: ECMP keeps no flow state)`} (${Object.entries(
        r.byNode,
      )
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")})`,
    );
    assert.deepEqual(
      // In the order they returned (they run at once): sorted by name.
      drainRuns.map((x) => [x.wait.name, x.phase, x.code]).sort(),
      switches().map((s) => [names.drainWait(ZONE, s.plan.name, NODE), "create", 0]),
    );
    for (const [i, s] of switches().entries()) {
      const run = drainRuns.find((x) => x.wait.switch === s.plan.name)!;
      assert.ok(
        drainFib.has(s.ns) && drainFib.get(s.ns)! <= run.returnedAtMs,
        `${s.ns}: FIB withdrew before its wait returned`,
      );
      assert.ok(
        !after[i].includes(address()) && after[i].length > 0,
        `${s.ns} after the drain: ${after[i].join(", ")}`,
      );
      const back = undrainRuns.find((x) => x.wait.switch === s.plan.name)!;
      assert.equal(back.phase, "delete");
      assert.ok(
        undrainFib.has(s.ns) && undrainFib.get(s.ns)! <= back.returnedAtMs,
        `${s.ns}: FIB had the node back before the undrain's wait returned`,
      );
      assert.ok(nexthops(s.ns, lbPrefix()).includes(address()));
    }
    // Nothing black-holed: no request failed but one in flight at the instant a switch changed its next hops.
    assert.deepEqual(other, [], JSON.stringify(r.failures));
  });

  it("fails a drain the node does not follow after its bound, naming the switch, the node and the /32 still routed via it", async function () {
    this.timeout(60_000);
    const short = planWith((raw) => {
      raw.zones[ZONE].ingressNodes[NODE].drain = true;
      raw.bgp = { ...(raw.bgp ?? {}), drainWaitSeconds: 10 };
    }, "drain-short");
    const sw = short.switches.find((s) => s.zone === ZONE && s.drainWaits)!;
    const w = sw.drainWaits![0];
    const t0 = Date.now();
    // The label is not applied: calico-node keeps announcing.
    const r = await ssh(lab.ssh, sw, w.create, undefined, 60_000);
    figure(`exit ${r.code} after ${seconds(Date.now() - t0)}: ${r.stderr.trim()}`);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      `bgp-fabric: drain of ${ZONE}/${sw.name} ${NODE} at ${address()} - after 10 s the switch still routes via the node: ${lbPrefix()} - check the node label node.kubernetes.io/exclude-from-external-load-balancers and its calico-node`,
    );
  });
});
