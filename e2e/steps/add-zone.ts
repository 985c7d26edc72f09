// Adding a zone: a stack-config change; the zone's switches and nodes built, then `pulumi up` makes only additions
// and no existing session flaps (FRR uptimes, BIRD since-times).
import { join } from "node:path";
import { nodeBgp } from "../../lab/calico-bird";
import { birdChanges, frrFlaps } from "../../lab/flaps";
import { snapshot } from "../../lab/observe";
import { planFromStack } from "../../lab/plan-source";
import { readRaw, withExtraZone, writeStack } from "../../lab/zone-gen";
import { registerNodes } from "../cluster-prep";
import { coverageProblems } from "../confd/confd-run";
import { livePlan, liveServices } from "../readback";
import { CHANGE_KEYS, check, sum } from "../report";
import type { RunContext } from "../run-context";
import { localCharts, pinHostKeys, writePulumiConfig } from "../stack-config";
import { ingressReady, labHostKeys, onTheWire, registrations } from "../wire";

export async function addZoneStep(ctx: RunContext): Promise<void> {
  const {
    o,
    report,
    kube,
    kinds,
    confd,
    cp,
    lab: theLab,
    stackFile0,
    stackFile,
    secretKeys,
    charts,
    step,
  } = ctx;
  const { raw: grown, zone } = withExtraZone(readRaw(stackFile0));
  const labFile = join(o.runDir, `Pulumi.${o.stackName}-plus-${zone}.yaml`);
  writeStack(labFile, grown, `${o.stackName} plus generated zone ${zone} (e2e)`);
  const next = planFromStack(labFile);
  const before = await snapshot(theLab.state, theLab.topo);
  const oldSwitches = theLab.topo.switches.map((s) => s.ns);
  const oldNodes = theLab.topo.nodes.map((n) => n.ns);
  const t0 = Date.now();
  await theLab.addZones(next, { infraOnly: true });
  const fresh = new Set(next.zones.find((z) => z.name === zone)!.reflectors.map((n) => n.name));
  for (const n of next.zones.find((z) => z.name === zone)!.ingressNodes) fresh.add(n.name);
  for (const n of next.zones.find((z) => z.name === zone)!.workers) fresh.add(n.name);
  const regs = registrations(next).filter((r) => fresh.has(r.name));
  await registerNodes(kube, next, regs, confd);
  ctx.raw = localCharts(pinHostKeys(grown, labHostKeys(theLab)), charts);
  writePulumiConfig(stackFile, ctx.raw, secretKeys);
  // The new zone's nodes run before its switches are configured (health checks); the others stay as they are.
  await theLab.applyNodeBgp(
    [...theLab.bgp, ...nodeBgp(next, []).filter((b) => fresh.has(b.node.name))],
    0,
    { wait: false },
  );
  const r = await step("up");
  // The DaemonSet grows onto the new zone's ingress nodes once our patches label them; the release does not
  // change, so nothing in the `up` waits for those pods.
  report.seconds["add-zone-ingress-ready"] = await ingressReady(
    kube,
    next.zones.find((z) => z.name === zone)!.ingressNodes.map((n) => n.name),
  );
  const live = await livePlan(next, kube, kinds);
  check(
    live.missing.length === 0,
    `after adding ${zone} the API server lacks ${live.missing.join(", ")}`,
  );
  confd?.podsOn(theLab, cp.kubeconfig);
  await theLab.applyNodeBgp(nodeBgp(live.plan, await liveServices(kube)), 120_000);
  const problems = confd?.problems(theLab) ?? [];
  check(problems.length === 0, problems.join("; "));
  report.confdNodes = confd?.side?.configured.size ?? 0;
  if (confd) {
    const cover = coverageProblems(next, confd.side?.configured ?? new Set(), null);
    check(cover.length === 0, `after adding ${zone}: ${cover.join("; ")}`);
  }
  const after = await snapshot(theLab.state, theLab.topo);
  const flaps = [
    ...frrFlaps(before, after, oldSwitches, Date.now() - t0),
    ...birdChanges(before, after, oldNodes),
  ];
  report.addZone = { zone, changes: r.changes, flaps };
  const counted = await onTheWire(theLab, next);
  report.sessionsPlanned = next.sessions.length;
  report.sessionsEstablished = counted.established;
  check(
    report.sessionsEstablished === report.sessionsPlanned,
    `after adding ${zone}, not every planned session Established on both ends: ${report.sessionsEstablished}/${report.sessionsPlanned}`,
  );
  report.ecmpOk = counted.ecmp.length === 0;
  check(report.ecmpOk, `after adding ${zone}, LB /32 not ECMP'd: ${counted.ecmp.join("; ")}`);
  const nonAdd = sum(
    r.changes,
    CHANGE_KEYS.filter((k) => k !== "create"),
  );
  check(nonAdd === 0, `adding ${zone} changed existing resources: ${JSON.stringify(r.changes)}`);
  check(flaps.length === 0, `adding ${zone} flapped ${flaps.join(", ")}`);
}
