// What preflight and the Calico view (model/verify/calico-view.ts) look things up by: every node and switch of the plan
// with its config path, zone and subnet.
import { childPath, joinPath } from "../core/errors";
import { parseCidr4, type Cidr4 } from "../core/ip";
import type { KubernetesObject, NetworkPlan, SwitchPlan, ZonePlan } from "../core/types";

export type EndRole = "master" | "ingress" | "worker" | "switch";

/** One end of a session as preflight names it in messages. */
export interface Endpoint {
  name: string;
  zone: string;
  role: EndRole;
  /** Absent for a worker that joins later (not in the config). */
  address?: string;
  /** The config path of its entry, e.g. `zones.az1.masters.fra1-az1-m1`. */
  path: string;
  /** `fra1-az1-m1 (10.1.0.11)`, `az1/core1 (10.1.0.2)`, `a worker joining az1`. */
  label: string;
}

export class PlanIndex {
  readonly endpoints: Endpoint[] = [];
  readonly byAddress = new Map<string, Endpoint>();
  readonly zones = new Map<string, ZonePlan & { cidr?: Cidr4 }>();
  readonly switches = new Map<string, SwitchPlan>();

  constructor(readonly plan: NetworkPlan) {
    for (const z of plan.zones) {
      const c = parseCidr4(z.nodeCidr);
      this.zones.set(z.name, { ...z, ...(c.ok ? { cidr: c.cidr } : {}) });
      const zp = joinPath(["zones", z.name]);
      const add = (e: Endpoint) => {
        this.endpoints.push(e);
        if (e.address !== undefined && !this.byAddress.has(e.address))
          this.byAddress.set(e.address, e);
      };
      const nodes = (list: { name: string; address: string }[], group: string, role: EndRole) => {
        for (const n of list)
          add({
            name: n.name,
            zone: z.name,
            role,
            address: n.address,
            path: childPath(group, n.name),
            label: `${n.name} (${n.address})`,
          });
      };
      nodes(z.reflectors, `${zp}.masters`, "master");
      nodes(z.ingressNodes, `${zp}.ingressNodes`, "ingress");
      nodes(z.workers, joinPath(["lab", "workers", z.name]), "worker");
      for (const s of z.switches)
        add({
          name: s.name,
          zone: z.name,
          role: "switch",
          address: s.address,
          path: childPath(`${zp}.switches`, s.name),
          label: `${z.name}/${s.name} (${s.address})`,
        });
    }
    for (const sw of plan.switches) this.switches.set(`${sw.zone}/${sw.name}`, sw);
  }

  zonePath(zone: string): string {
    return joinPath(["zones", zone]);
  }

  switchPath(sw: { zone: string; name: string }): string {
    return childPath(`${this.zonePath(sw.zone)}.switches`, sw.name);
  }

  private byKind?: Map<string, readonly KubernetesObject[]>;

  /** The plan's objects of one kind, in plan order (grouped once: preflight asks per session). */
  objects(kind: string): readonly KubernetesObject[] {
    if (this.byKind === undefined) {
      const groups = new Map<string, KubernetesObject[]>();
      for (const o of this.plan.kubernetes) {
        const group = groups.get(o.body.kind);
        if (group) group.push(o);
        else groups.set(o.body.kind, [o]);
      }
      this.byKind = groups;
    }
    return this.byKind.get(kind) ?? [];
  }
}

/** `a (x) <-> b (y)`: a session named by both ends. */
export const between = (a: { label: string }, b: { label: string }) => `${a.label} <-> ${b.label}`;
