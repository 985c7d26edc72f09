// Drain as config, the plan side (docs/drain.md): per switch of a zone, one read-only wait per drained ingress node,
// rendered by the switch's dialect. The label itself is on the node's patch (kubernetes.ts `ingressPatch`).
import { DIALECTS } from "./dialects";
import { names } from "../core/names";
import { poolsOf } from "./sessions";
import type { DrainWait, FabricSpec, SwitchSpec, ZoneSpec } from "../core/types";

export function drainWaits(spec: FabricSpec, zone: ZoneSpec, sw: SwitchSpec): DrainWait[] {
  const drained = zone.ingressNodes.filter((n) => n.drained);
  if (drained.length === 0) return [];
  const render = DIALECTS[sw.dialect].drainWait;
  // The spec refuses a drain in a zone of a dialect without a route check (model/spec/drain.ts).
  if (render === undefined)
    throw new Error(`internal: ${zone.name}/${sw.name} (${sw.dialect}) cannot wait for a drain`);
  // The IPv4 pools' /32s: the switches' IPv6 routes are not planned yet (issue 19).
  const pools = poolsOf(spec, "ipv4").sort();
  return drained.map((n) => {
    const neighbor = names.switchNeighbor(zone.name, sw.name, n.address);
    const { create, delete: del } = render({
      label: `${zone.name}/${sw.name}`,
      node: n.name,
      address: n.address,
      pools,
      timeoutSeconds: spec.bgp.drainWaitSeconds,
    });
    return {
      name: names.drainWait(zone.name, sw.name, n.name),
      zone: zone.name,
      switch: sw.name,
      node: n.name,
      address: n.address,
      create,
      delete: del,
      timeoutSeconds: spec.bgp.drainWaitSeconds,
      dependsOn: [names.nodePatch(zone.name, n.name).resource, neighbor],
      deletedWith: neighbor,
    };
  });
}
