// BGP session counts of a plan, beside what Calico's default node-to-node full mesh would need for the same nodes.
import type { NetworkPlan } from "../model/core/types";

export interface SessionCounts {
  zones: number;
  /** Planned nodes: masters, ingress nodes and lab workers. */
  nodes: number;
  switches: number;
  sessions: number;
  /** Sessions of the busiest route reflector (its clients, its partner and its switches). */
  perReflector: number;
  /** Neighbors of the busiest core switch (the zone's reflectors and, in direct mode, its ingress nodes). */
  perSwitch: number;
  /** Calico's full mesh for the same nodes: n(n-1)/2 sessions, every node with every other. */
  fullMesh: number;
}

export function sessionCounts(plan: NetworkPlan): SessionCounts {
  const nodes = plan.zones.reduce(
    (n, z) => n + z.reflectors.length + z.ingressNodes.length + z.workers.length,
    0,
  );
  const per = new Map<string, number>();
  const bump = (k: string) => per.set(k, (per.get(k) ?? 0) + 1);
  for (const s of plan.sessions)
    for (const e of [s.a, s.b])
      if (e.role === "master" || e.role === "switch") bump(`${e.role}|${s.zone}/${e.name}`);
  const busiest = (role: string) =>
    Math.max(0, ...[...per].filter(([k]) => k.startsWith(`${role}|`)).map(([, n]) => n));
  return {
    zones: plan.zones.length,
    nodes,
    switches: plan.switches.length,
    sessions: plan.sessions.length,
    perReflector: busiest("master"),
    perSwitch: busiest("switch"),
    fullMesh: (nodes * (nodes - 1)) / 2,
  };
}
