// What the e2e's steps share about the lab and the cluster: the nodes as their kubelets register them, the sessions
// and LoadBalancer routes counted on the wire, the charts, the ingress endpoints' readiness, the switches' host keys.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mirrorChart } from "../cli/chart-mirror";
import type { Lab } from "../lab/lab";
import { established as isEstablished, nexthops, sessionStates, snapshot } from "../lab/observe";
import { sh, waitFor } from "../lab/sh";
import type { NetworkPlan } from "../model/core/types";
import { SHARED, type Registration } from "./cluster-prep";
import type { KubeReader } from "./kube-client";
import { liveServices } from "./readback";
import type { ChartDirs } from "./stack-config";

/** Every planned node as its kubelet registers it (the plan's `nodeRegistrations`) at its planned address. */
export function registrations(plan: NetworkPlan): Registration[] {
  const address = new Map(
    plan.zones
      .flatMap((z) => [...z.reflectors, ...z.ingressNodes, ...z.workers])
      .map((n) => [n.name, n.address]),
  );
  return plan.nodeRegistrations.map((r) => ({
    name: r.node,
    labels: r.labels,
    address: address.get(r.node)!,
    taints: r.taints,
  }));
}

/** The fe80:: addresses of a namespace's interfaces. */
function linkLocals(ns: string): string[] {
  const links = JSON.parse(
    sh("ip", ["-n", ns, "-6", "-j", "addr", "show", "scope", "link"]).stdout || "[]",
  ) as { addr_info?: { local?: string }[] }[];
  return links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local ?? "")).filter(Boolean);
}

/** Sessions of one address family: planned, and Established on both ends. */
export interface FamilyCount {
  planned: number;
  established: number;
}

/**
 * Counted on the wire: planned sessions Established on both ends (in all and per family), and every switch holding
 * each LB /32 (and on a dual-stack plan each LB /128) via every node of its zone that announces it, by the node's
 * address of that family (at least two: ECMP).
 */
export async function onTheWire(
  lab: Lab,
  plan: NetworkPlan,
): Promise<{
  established: number;
  byFamily: { ipv4: FamilyCount; ipv6: FamilyCount };
  ecmp: string[];
  ecmp6: string[];
}> {
  const snap = await snapshot(lab.state, lab.topo);
  const states = sessionStates(plan, lab.topo, snap);
  const count = (v6: boolean): FamilyCount => {
    const of = states.filter((s) => (s.session.family === "ipv6") === v6);
    return { planned: of.length, established: of.filter(isEstablished).length };
  };
  const lbs = lab.loadBalancerIps();
  const ecmp: string[] = lbs.some((l) => l.endsWith("/32"))
    ? []
    : ["no LoadBalancer /32 announced"];
  const ecmp6: string[] = [];
  const global = linkLocalOwners(lab, plan);
  for (const sw of lab.topo.switches)
    for (const lb of lbs) {
      const want = lab.expectedLbNexthops(sw, lb);
      const got = nexthops(sw.ns, lb)
        .map((g) => global.get(g) ?? g)
        .sort();
      if (want.length < 2 || got.join() !== want.join())
        (lb.endsWith("/128") ? ecmp6 : ecmp).push(
          `${sw.ns} ${lb} via [${got.join(", ")}], want [${want.join(", ")}] (two or more)`,
        );
    }
  if (plan.zones.some((z) => z.ipv6) && !lbs.some((l) => l.endsWith("/128")))
    ecmp6.push("no LoadBalancer /128 announced");
  return {
    established: states.filter(isEstablished).length,
    byFamily: { ipv4: count(false), ipv6: count(true) },
    ecmp,
    ecmp6,
  };
}

/**
 * FRR installs an IPv6 route via the peer's link-local next hop when the update carries one (RFC 2545): each node's
 * fe80:: addresses mapped to its IPv6 address, so a /128's next hops read as the nodes' addresses either way.
 */
function linkLocalOwners(lab: Lab, plan: NetworkPlan): Map<string, string> {
  const hosts = plan.zones.flatMap((z) => [...z.reflectors, ...z.ingressNodes, ...z.workers]);
  const out = new Map<string, string>();
  for (const n of lab.topo.nodes) {
    const g = hosts.find((h) => h.name === n.name)?.ipv6Address;
    if (g) for (const ll of linkLocals(n.ns)) out.set(ll, g);
  }
  return out;
}

/**
 * The shared upstream charts at the stack's versions: MetalLB's as it is, the F5 NGINX chart through the mirror
 * command (its values.schema.json `$ref`s schemas by https URL, which an offline Helm cannot resolve).
 */
export function chartDirs(plan: NetworkPlan, runDir: string): ChartDirs {
  const metallb = join(SHARED, "charts", `metallb-${plan.versions.metallb}`);
  const nginx = join(SHARED, "charts", `nginx-ingress-${plan.versions.ingress}`);
  for (const d of [metallb, nginx])
    if (!existsSync(d))
      throw new Error(`e2e: no chart ${d}; use a stack whose chart versions shared/charts holds`);
  const ingress = join(runDir, "charts", `nginx-ingress-${plan.versions.ingress}`);
  mkdirSync(join(runDir, "charts"), { recursive: true });
  mirrorChart(nginx, ingress);
  return { metallb, ingress };
}

/** Waits until every named node holds a ready endpoint of a LoadBalancer Service; returns the seconds waited. */
export async function ingressReady(kube: KubeReader, nodes: string[]): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    `ready ingress endpoints on ${nodes.join(", ")}`,
    async () => {
      const services = await liveServices(kube);
      return nodes.every((n) => services.some((svc) => svc.nodes.includes(n))) ? true : undefined;
    },
    120_000,
    500,
  );
  return Math.round((Date.now() - t0) / 100) / 10;
}

/** The SSH host key each lab switch generated (its .pub file), by zone and switch name. */
export function labHostKeys(lab: Lab): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const sw of lab.topo.switches)
    (out[sw.zone] ??= {})[sw.name] = readFileSync(
      join(lab.state.dir, "hosts", sw.ns, "ssh_host_ed25519_key.pub"),
      "utf8",
    );
  return out;
}
