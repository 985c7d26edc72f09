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
 * each LB /32 via every node of its zone that announces it (at least two: ECMP); on a dual-stack plan also each LB
 * /128 (the IPv6 address of a Service in `services`) via the IPv6 addresses of the nodes announcing its /32.
 */
export async function onTheWire(
  lab: Lab,
  plan: NetworkPlan,
  services: { name: string; ip: string }[] = [],
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
  const established = states.filter(isEstablished).length;
  const ecmp: string[] = lab.loadBalancerIps().length > 0 ? [] : ["no LoadBalancer /32 announced"];
  for (const sw of lab.topo.switches)
    for (const lb of lab.loadBalancerIps()) {
      const want = lab.expectedLbNexthops(sw, lb);
      const got = nexthops(sw.ns, lb);
      if (want.length < 2 || got.join() !== want.join())
        ecmp.push(
          `${sw.ns} ${lb} via [${got.join(", ")}], want [${want.join(", ")}] (two or more)`,
        );
    }
  return {
    established,
    byFamily: { ipv4: count(false), ipv6: count(true) },
    ecmp,
    ecmp6: ecmp128(lab, plan, services),
  };
}

/**
 * Each IPv6 LoadBalancer address as a /128 on every switch of a dual-stack zone, via the IPv6 addresses of exactly
 * the nodes whose /32 of the same Service the switch holds (confd advertises every address of a Service from a node
 * with a local endpoint: calico v3.28 confd/pkg/backends/calico/routes.go getAllRoutesForService). Problems, one
 * per switch and address; none on a plan without IPv6 LoadBalancer addresses.
 */
export function ecmp128(
  lab: Lab,
  plan: NetworkPlan,
  services: { name: string; ip: string }[],
): string[] {
  // FRR installs a route with the peer's link-local next hop when the update carries one (RFC 2545): the node it
  // belongs to by its underlay interface's fe80:: address.
  const hosts = plan.zones.flatMap((z) => [...z.reflectors, ...z.ingressNodes, ...z.workers]);
  const global = new Map<string, string>();
  for (const n of lab.topo.nodes) {
    const g = hosts.find((h) => h.name === n.name)?.ipv6Address;
    if (g) for (const ll of linkLocals(n.ns)) global.set(ll, g);
  }
  const out: string[] = [];
  for (const svc of services.filter((s) => s.ip.includes(":"))) {
    const v4 = services.find((s) => s.name === svc.name && !s.ip.includes(":"));
    if (!v4) {
      out.push(`${svc.name} has ${svc.ip} and no IPv4 address`);
      continue;
    }
    for (const sw of lab.topo.switches.filter(
      (s) => plan.zones.find((z) => z.name === s.zone)?.ipv6,
    )) {
      const want = lab
        .expectedLbNexthops(sw, `${v4.ip}/32`)
        .map((a) => hosts.find((h) => h.address === a)?.ipv6Address ?? `${a} (no IPv6 address)`)
        .sort();
      const got = nexthops(sw.ns, `${svc.ip}/128`)
        .map((g) => global.get(g) ?? g)
        .sort();
      if (want.length < 2 || got.join() !== want.join())
        out.push(
          `${sw.ns} ${svc.ip}/128 via [${got.join(", ")}], want [${want.join(", ")}] (two or more)`,
        );
    }
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
