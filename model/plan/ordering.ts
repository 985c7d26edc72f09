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
  SwitchCommand,
  SwitchPlan,
} from "../core/types";

/**
 * - a Zone waits for the BGPFilters its BGPPeers name (the reflector->switch peers filter LB /32s in direct mode);
 * - each master's Node patch (the route-reflector cluster ID takes it out of the mesh) waits for the replacement
 *   peerings and everything else of its zone that does not itself wait for the patches (domain brief pitfall 3);
 * - the `default` BGPConfiguration (mesh off) waits for every Zone and the IngressPool, all they hold;
 * - a zone's password Secret waits for its switches' drain commands (drainEdges);
 * - zone-by-zone rollout: each zone waits for the health-checked switch commands of the zone before it (below).
 */
export function orderingEdges(
  spec: FabricSpec,
  objects: KubernetesObject[],
  switches: SwitchPlan[],
): OrderingEdge[] {
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
  const ordered = [...edges, ...drainEdges(switches, objects)];
  return [...ordered, ...rolloutEdges(spec, objects, switches, ordered)];
}

/**
 * Zone-by-zone (docs/rollout.md): every entry of a zone that waits for nothing else of its zone (each switch's first
 * command, the Kubernetes objects the others build on) waits for the last command of every switch of the previous
 * zone in the rollout order. A switch's commands run one after another and each neighbor command ends with its
 * health check, so that last command is the switch's whole part of the change, checked; the zone's other entries
 * wait through their own edges. When a check fails, Pulumi never starts the next zone: its objects and switches stay
 * untouched. Unchanged entries are no-ops, so a zone without changes delays the next by nothing.
 */
function rolloutEdges(
  spec: FabricSpec,
  objects: KubernetesObject[],
  switches: SwitchPlan[],
  edges: OrderingEdge[],
): OrderingEdge[] {
  if (spec.rollout.mode !== "zone-by-zone") return [];
  const extra = new Map<string, string[]>();
  for (const e of edges) extra.set(e.key, [...(extra.get(e.key) ?? []), ...e.after]);
  const out: OrderingEdge[] = [];
  let previous: string[] = [];
  for (const zone of spec.rollout.order) {
    const waits = new Map<string, string[]>();
    for (const o of objects.filter((x) => x.zone === zone))
      waits.set(o.resourceName, [...o.dependsOn, ...(extra.get(o.resourceName) ?? [])]);
    const own = switches.filter((sw) => sw.zone === zone);
    for (const c of own.flatMap((sw) => sw.commands))
      waits.set(c.name, [...(c.after === undefined ? [] : [c.after]), ...(c.dependsOn ?? [])]);
    if (previous.length > 0)
      for (const key of [...waits.keys()].sort())
        if (!waits.get(key)!.some((d) => waits.has(d))) out.push({ key, after: previous });
    const last = own.flatMap((sw) => sw.commands.slice(-1).map((c) => c.name)).sort();
    if (last.length > 0) previous = last;
  }
  return out;
}

/**
 * A zone's password Secret waits for the drain command of each of its switches that has one: a password change
 * drains the switch before the nodes read the new password and drop their sessions (docs/password-rotation.md).
 */
function drainEdges(switches: SwitchPlan[], objects: KubernetesObject[]): OrderingEdge[] {
  const edges: OrderingEdge[] = [];
  for (const zone of [...new Set(switches.map((s) => s.zone))]) {
    const secret = names.passwordSecret(zone).resource;
    const drains = switches
      .filter((s) => s.zone === zone)
      .flatMap((s) => s.commands.filter((c) => c.kind === "drain").map((c) => c.name))
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
  | {
      kind: "switch";
      key: string;
      switch: SwitchPlan;
      parent: string;
      after: string[];
      /** Per command, what it waits for beyond its own `after`/`dependsOn` (the rollout's edges), by command name. */
      commandAfter: Record<string, string[]>;
    };

/** The component an entry of `component` (and `zone`) belongs to: one IngressPool, one Zone/MasterPair a zone. */
function owner(component: ComponentName, zone: string | undefined): string {
  return component === "cluster" || component === "ingress-pool"
    ? names.componentKey(component)
    : names.componentKey(component, zone);
}

/**
 * The plan as units in an order that honours every edge: a unit after its parent component, after what it
 * depends on, and after all a component holds when it depends on that component. `after` is the unit's own
 * dependencies (plan keys: a switch command by its name) as the resources must name them; the root is
 * `names.componentKey("cluster")`.
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
    // A switch's drain command (password rotation) is a unit of its own: the zone's Secret waits for it, and the rest
    // of the switch waits for the Secret. A health-checked command waits for the objects that make its peer connect
    // (its own `dependsOn`), a drain wait for the node patch that carries the label (its other dependency is a command
    // of the same switch), and a zone's first commands for the previous zone's last ones (zone-by-zone rollout).
    ...plan.switches.flatMap((sw): EmitUnit[] => {
      const drain = sw.commands.filter((c) => c.kind === "drain");
      const rest = sw.commands.filter((c) => c.kind !== "drain");
      const drainKey = names.switchDrainKey(sw.zone, sw.name);
      const parent = names.componentKey("zone", sw.zone);
      const waitsOf = (cs: SwitchCommand[]) =>
        cs.flatMap((c) => [...(c.dependsOn ?? []), ...(extra.get(c.name) ?? [])]);
      const commandAfter = (cs: SwitchCommand[]) =>
        Object.fromEntries(
          cs.filter((c) => extra.has(c.name)).map((c) => [c.name, extra.get(c.name)!]),
        );
      const { drainWaits, ...bare } = sw;
      return [
        ...(drain.length === 0
          ? []
          : [
              {
                kind: "switch" as const,
                key: drainKey,
                switch: { ...bare, commands: drain },
                parent,
                after: [...new Set(waitsOf(drain))].sort(),
                commandAfter: commandAfter(drain),
              },
            ]),
        {
          kind: "switch",
          key: names.switchKey(sw.zone, sw.name),
          switch: { ...sw, commands: rest },
          parent,
          after: [
            ...new Set([
              ...drain.map((c) => c.name),
              ...waitsOf(rest),
              ...(drainWaits ?? []).flatMap((w) =>
                w.dependsOn.filter((d) => !sw.commands.some((c) => c.name === d)),
              ),
            ]),
          ].sort(),
          commandAfter: commandAfter(rest),
        },
      ];
    }),
  ];
  // A switch command is emitted with its switch: waiting for one is waiting for that switch's unit.
  const unitOf = new Map(
    plan.switches.flatMap((sw) =>
      sw.commands.map(
        (c) =>
          [
            c.name,
            c.kind === "drain"
              ? names.switchDrainKey(sw.zone, sw.name)
              : names.switchKey(sw.zone, sw.name),
          ] as const,
      ),
    ),
  );
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
      [
        u.parent,
        ...u.after.map((k) => unitOf.get(k) ?? k).flatMap((k) => [k, ...(held.get(k) ?? [])]),
      ].filter((k) => k !== root),
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
