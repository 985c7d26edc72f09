// The nodes' BIRD from what the API server holds after the first `up`, then every planned session and LoadBalancer
// /32 on the wire, the differential of confd's rendering against the emulation's, and HTTP through the LB IP.
import { nodeBgp } from "../../lab/calico-bird";
import { httpLoad } from "../../lab/probes";
import { ANNOTATIONS } from "../../model/core/names";
import { nodesAnnotated } from "../cluster-prep";
import { coverageProblems } from "../confd/confd-run";
import { livePlan, liveServices } from "../readback";
import { check } from "../report";
import type { RunContext } from "../run-context";
import { familyProblems, isDualStack } from "../dual-stack";
import { ingressReady, onTheWire } from "../wire";

/** The live addresses grouped by Service. */
function byService(services: { name: string; ip: string }[]): { service: string; ips: string[] }[] {
  const m = new Map<string, string[]>();
  for (const s of services) m.set(s.name, [...(m.get(s.name) ?? []), s.ip]);
  return [...m].map(([service, ips]) => ({ service, ips }));
}

export async function sessionsStep(ctx: RunContext): Promise<void> {
  const { report, kube, kinds, plan, confd, cp, log, lab: theLab } = ctx;
  // Helm's wait can pass before the DaemonSet has pods (it reads a status the controller has not filled yet):
  // the ingress nodes announce once their pods are Ready (finding of the first real runs; see docs/e2e.md).
  report.seconds["ingress-ready-after-up"] = await ingressReady(
    kube,
    plan.zones.flatMap((z) => z.ingressNodes.map((n) => n.name)),
  );
  // The workers were registered before `up` created their zone's admission policy: their AS comes with their
  // kubelet's next status report (model/plan/kubernetes.ts asnPolicy), and confd re-renders them on it.
  report.seconds["workers-annotated-after-up"] = await nodesAnnotated(
    kube,
    new Map(plan.zones.flatMap((z) => z.workers.map((n) => [n.name, String(z.asn)]))),
    ANNOTATIONS.asNumber,
  );
  // The program patches only masters and ingress nodes, and the policy's CREATE never saw these workers: the AS
  // came with a status report (kwok's, every 10-11 s).
  const live = await livePlan(plan, kube, kinds);
  check(live.missing.length === 0, `after up the API server lacks ${live.missing.join(", ")}`);
  const services = await liveServices(kube);
  report.loadBalancers = services.map((s) => ({ service: s.name, ip: s.ip, nodes: s.nodes }));
  check(services.length > 0, "no LoadBalancer Service got an IP from MetalLB");
  // MetalLB's real controller: one address of each family for the dual-stack ingress Service (issue 19).
  const families = familyProblems(plan, byService(services));
  check(families.length === 0, families.join("; "));
  confd?.podsOn(theLab, cp.kubeconfig);
  const r = await theLab.applyNodeBgp(nodeBgp(live.plan, services), 120_000);
  const problems = confd?.problems(theLab) ?? [];
  check(problems.length === 0, problems.join("; "));
  report.confdNodes = confd?.side?.configured.size ?? 0;
  report.differential = (await confd?.differential(theLab)) ?? null;
  if (report.differential)
    log(
      `differential (confd vs lab/calico-bird.ts): ${report.differential.nodes} nodes, ${report.differential.findings.length} findings${report.differential.findings.map((f) => `\n   ${f}`).join("")}`,
    );
  // confdNodes is every planned node and the differential read each of them: a run that compared none proves nothing.
  if (confd) {
    const cover = coverageProblems(plan, confd.side?.configured ?? new Set(), report.differential);
    check(cover.length === 0, cover.join("; "));
  }
  const counted = await onTheWire(theLab, plan);
  report.sessionsEstablished = counted.established;
  report.sessionsByFamily = counted.byFamily;
  check(
    report.sessionsEstablished === report.sessionsPlanned,
    `not every planned session Established on both ends: ${report.sessionsEstablished}/${report.sessionsPlanned}`,
  );
  report.ecmpOk = counted.ecmp.length === 0;
  check(report.ecmpOk, `LB /32 not ECMP'd: ${counted.ecmp.join("; ")}`);
  const v6 = services.filter((s) => s.ip.includes(":"));
  if (isDualStack(plan)) {
    const { ipv4: f4, ipv6: f6 } = counted.byFamily;
    log(
      `sessions Established on both ends: IPv4 ${f4.established}/${f4.planned}, IPv6 ${f6.established}/${f6.planned}`,
    );
    check(
      f6.planned > 0 && f6.established === f6.planned && f4.established === f4.planned,
      `not every session Established on both ends: IPv4 ${f4.established}/${f4.planned}, IPv6 ${f6.established}/${f6.planned}`,
    );
    report.ecmp6Ok = v6.length > 0 && counted.ecmp6.length === 0;
    check(report.ecmp6Ok, `LB /128 not ECMP'd: ${counted.ecmp6.join("; ") || "no IPv6 address"}`);
  }
  log(
    `${r.started.length} nodes started from the read-back; converged in ${(r.convergedMs / 1000).toFixed(1)} s`,
  );
  const url = `http://${services[0].ip}/`;
  const http = await httpLoad(theLab.topo.clientNs, url, 200, 200);
  report.http = {
    requests: http.requests,
    ok: http.ok,
    nodes: Object.keys(http.byNode).length,
  };
  check(http.failed === 0, `${http.failed} of ${http.requests} HTTP requests to ${url} failed`);
  // HTTP over IPv6 through the Service's IPv6 LoadBalancer address, from the client across the switches.
  if (v6.length > 0) {
    const url6 = `http://[${v6[0].ip}]/`;
    const h6 = await httpLoad(theLab.topo.clientNs, url6, 200, 200);
    report.http6 = {
      url: url6,
      requests: h6.requests,
      ok: h6.ok,
      nodes: Object.keys(h6.byNode).length,
    };
    log(`HTTP over IPv6 ${url6}: ${h6.ok}/${h6.requests} answered, by ${report.http6.nodes} nodes`);
    check(h6.failed === 0, `${h6.failed} of ${h6.requests} HTTP requests to ${url6} failed`);
  }
  // Every difference between confd's rendering and the emulation's is a finding (docs/e2e.md).
  const findings = report.differential?.findings ?? [];
  check(
    findings.length === 0,
    `confd's rendering differs from lab/calico-bird.ts: ${findings.join("; ")}`,
  );
}
