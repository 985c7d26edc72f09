// Every ordering decision of the plan: the edges beyond the entries' own `dependsOn`/`after`, and the order in which
// the components emit the plan (any order that honours every edge; the components only map keys to resources).
import { names } from "../core/names";
import type {
  ComponentName,
  FabricSpec,
  HelmRelease,
  KubernetesObject,
  NetworkPlan,
  OrderingEdge,
  SwitchPlan,
} from "../core/types";

/**
 * - a Zone waits for the BGPFilters its BGPPeers name (the reflector->switch peers filter LB /32s in direct mode);
 * - each master's Node patch (the route-reflector cluster ID takes it out of the mesh) waits for the replacement
 *   peerings and everything else of its zone that does not itself wait for the patches (domain brief pitfall 3);
 * - the `default` BGPConfiguration (mesh off) waits for every Zone and the IngressPool, all they hold.
 */
export function orderingEdges(spec: FabricSpec, objects: KubernetesObject[]): OrderingEdge[] {
  const edges: OrderingEdge[] = [];
  const filters = new Map(
    objects
      .filter((o) => o.body.kind === "BGPFilter")
      .map((o) => [o.body.metadata.name, o.resourceName]),
  );
  for (const zone of spec.zones) {
    const own = objects.filter((o) => o.zone === zone.name && o.component === "zone");
    const named = own.flatMap((o) => filtersOf(o).flatMap((f) => filters.get(f) ?? []));
    if (named.length > 0)
      edges.push({ key: names.componentKey("zone", zone.name), after: [...new Set(named)].sort() });
  }
  for (const zone of spec.zones) {
    const patches = new Set(zone.masters.map((m) => names.nodePatch(zone.name, m.name).resource));
    const later = dependents(objects, patches);
    const before = objects
      .filter(
        (o) =>
          o.zone === zone.name &&
          (o.component === "zone" || o.component === "master-pair") &&
          !patches.has(o.resourceName) &&
          !later.has(o.resourceName),
      )
      .map((o) => o.resourceName)
      .sort();
    for (const p of [...patches].sort()) edges.push({ key: p, after: before });
  }
  edges.push({
    key: names.bgpConfiguration.resource,
    after: [
      names.componentKey("ingress-pool"),
      ...spec.zones.map((z) => names.componentKey("zone", z.name)),
    ],
  });
  return edges;
}

/**
 * A zone's password Secret waits for the drain command of each of its switches that has one: a password change
 * drains the switch before the nodes read the new password and drop their sessions (docs/password-rotation.md).
 */
export function drainEdges(switches: SwitchPlan[], objects: KubernetesObject[]): OrderingEdge[] {
  const edges: OrderingEdge[] = [];
  for (const zone of [...new Set(switches.map((s) => s.zone))]) {
    const secret = names.passwordSecret(zone).resource;
    const drains = switches
      .filter((s) => s.zone === zone && s.commands.some((c) => c.kind === "drain"))
      .map((s) => names.switchDrainKey(s.zone, s.name))
      .sort();
    if (drains.length > 0 && objects.some((o) => o.resourceName === secret))
      edges.push({ key: secret, after: drains });
  }
  return edges;
}

function filtersOf(o: KubernetesObject): string[] {
  const spec = o.body.spec as { filters?: unknown } | undefined;
  return Array.isArray(spec?.filters) ? (spec.filters as string[]) : [];
}

/** Objects that wait, directly or through others, for one of `keys` (by their `dependsOn`). */
function dependents(objects: KubernetesObject[], keys: Set<string>): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of objects) {
      if (out.has(o.resourceName)) continue;
      if (o.dependsOn.some((d) => keys.has(d) || out.has(d))) {
        out.add(o.resourceName);
        grew = true;
      }
    }
  }
  return out;
}

/** One thing the components emit: a component, an object, a release, or a switch's commands together. */
export type EmitUnit =
  | {
      kind: "component";
      key: string;
      component: ComponentName;
      zone?: string;
      parent: string;
      after: string[];
    }
  | { kind: "object"; key: string; object: KubernetesObject; parent: string; after: string[] }
  | { kind: "release"; key: string; release: HelmRelease; parent: string; after: string[] }
  | { kind: "switch"; key: string; switch: SwitchPlan; parent: string; after: string[] };

/** The component an entry of `component` (and `zone`) belongs to: one IngressPool, one Zone/MasterPair a zone. */
function owner(component: ComponentName, zone: string | undefined): string {
  return component === "cluster" || component === "ingress-pool"
    ? names.componentKey(component)
    : names.componentKey(component, zone);
}

/**
 * The plan as units in an order that honours every edge: a unit after its parent component, after what it
 * depends on, and after all a component holds when it depends on that component. `after` is the unit's own
 * dependencies (plan keys) as the resources must name them; the root is `names.componentKey("cluster")`.
 */
export function emitOrder(plan: NetworkPlan): EmitUnit[] {
  const root = names.componentKey("cluster");
  const extra = new Map<string, string[]>();
  for (const e of plan.ordering) extra.set(e.key, [...(extra.get(e.key) ?? []), ...e.after]);
  const edges = (key: string, own: string[] = []) => [...own, ...(extra.get(key) ?? [])];
  const component = (c: ComponentName, zone: string | undefined, parent: string): EmitUnit => {
    const key = names.componentKey(c, zone);
    return {
      kind: "component",
      key,
      component: c,
      ...(zone === undefined ? {} : { zone }),
      parent,
      after: edges(key),
    };
  };
  const units: EmitUnit[] = [
    component("ingress-pool", undefined, root),
    ...plan.zones.map((z) => component("zone", z.name, root)),
    ...plan.zones.map((z) => component("master-pair", z.name, names.componentKey("zone", z.name))),
    ...plan.helmReleases.map((r): EmitUnit => ({
      kind: "release",
      key: r.resourceName,
      release: r,
      parent: owner(r.component, undefined),
      after: edges(r.resourceName, r.dependsOn),
    })),
    ...plan.kubernetes.map((o): EmitUnit => ({
      kind: "object",
      key: o.resourceName,
      object: o,
      parent: owner(o.component, o.zone),
      after: edges(o.resourceName, o.dependsOn),
    })),
    // A switch's drain command is a unit of its own (the Secret waits for it; the rest waits for the Secret).
    ...plan.switches.flatMap((sw): EmitUnit[] => {
      const drain = sw.commands.filter((c) => c.kind === "drain");
      const rest = sw.commands.filter((c) => c.kind !== "drain");
      const drainKey = names.switchDrainKey(sw.zone, sw.name);
      const parent = names.componentKey("zone", sw.zone);
      return [
        ...(drain.length === 0
          ? []
          : [
              {
                kind: "switch" as const,
                key: drainKey,
                switch: { ...sw, commands: drain },
                parent,
                after: [],
              },
            ]),
        {
          kind: "switch",
          key: names.switchKey(sw.zone, sw.name),
          switch: { ...sw, commands: rest },
          parent,
          // A health-checked command waits for the objects that make its peer connect (its own `dependsOn`).
          after: [
            ...new Set([
              ...(drain.length === 0 ? [] : [drainKey]),
              ...rest.flatMap((c) => c.dependsOn ?? []),
            ]),
          ].sort(),
        },
      ];
    }),
  ];
  // Waiting for a component is waiting for everything it holds (as Pulumi reads a component in dependsOn).
  const parentOf = new Map(units.map((u) => [u.key, u.parent]));
  const held = new Map<string, string[]>();
  for (const u of units) {
    for (let p = parentOf.get(u.key); p !== undefined && p !== root; p = parentOf.get(p))
      held.set(p, [...(held.get(p) ?? []), u.key]);
  }
  const waits = new Map(
    units.map((u) => [
      u.key,
      [u.parent, ...u.after.flatMap((k) => [k, ...(held.get(k) ?? [])])].filter((k) => k !== root),
    ]),
  );
  for (const [key, ws] of waits)
    for (const w of ws)
      if (!parentOf.has(w))
        throw new Error(`internal: ${key} waits for ${w}, which the plan does not hold`);
  const done = new Set<string>();
  const out: EmitUnit[] = [];
  let pending = units;
  while (pending.length > 0) {
    const next: EmitUnit[] = [];
    for (const u of pending) {
      if (waits.get(u.key)!.every((k) => done.has(k))) {
        out.push(u);
        done.add(u.key);
      } else next.push(u);
    }
    if (next.length === pending.length)
      throw new Error(`internal: ordering cycle among ${next.map((u) => u.key).join(", ")}`);
    pending = next;
  }
  return out;
}
