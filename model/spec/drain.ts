// Drain as config (docs/drain.md): which ingress nodes are drained — the one derivation every consumer reads — and
// the rules that refuse a drain the switches cannot confirm or that would black-hole LoadBalancer traffic.
import { childPath, joinPath, showValue, type ConfigProblem } from "../core/errors";
import type { DialectName, IngressMode, ZoneSpec } from "../core/types";

/** Dialects whose switches can run the drain's read-only route check (model/plan/dialects). */
export const DRAIN_DIALECTS: readonly DialectName[] = ["frr"];

/** An ingress node is drained when its zone is, or when it is itself. */
export function isDrained(zoneDrain: boolean | undefined, nodeDrain: boolean | undefined): boolean {
  return zoneDrain === true || nodeDrain === true;
}

/** The config path that drains `node`: its own flag, or its zone's when only the zone's is set. */
function drainPath(zone: ZoneSpec, node: string, nodeFlags: Record<string, boolean>): string {
  const zp = joinPath(["zones", zone.name]);
  return zone.drained && !nodeFlags[node]
    ? `${zp}.drain`
    : `${childPath(`${zp}.ingressNodes`, node)}.drain`;
}

/**
 * The rules between a drain and the rest of the config, all reported at once:
 * - a zone whose every ingress node is drained one by one: its switches would lose every LoadBalancer path, so only
 *   `zones.<zone>.drain: true` says that on purpose (the zone's traffic then leaves through the other zones);
 * - every ingress node of the datacenter drained: no LoadBalancer address would be reachable at all;
 * - `ingress.mode: reflector`: the reflectors carry the /32s, so a drained node's removal from the config could not
 *   be told from an undrain (docs/drain.md), and it is refused rather than waited on wrongly;
 * - a switch whose dialect has no route check: the drain could not wait for what it promises.
 */
export function drainProblems(
  zones: ZoneSpec[],
  mode: IngressMode,
  /** `zones.<zone>.ingressNodes.<node>.drain` as set, by zone. */
  nodeFlags: Map<string, Record<string, boolean>>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const flags = (z: ZoneSpec) => nodeFlags.get(z.name) ?? {};
  for (const z of zones) {
    const drained = z.ingressNodes.filter((n) => n.drained).map((n) => n.name);
    if (drained.length === 0) continue;
    const zp = joinPath(["zones", z.name]);
    if (!z.drained && drained.length === z.ingressNodes.length) {
      problems.push({
        path: `${zp}.ingressNodes`,
        problem: `drains every ingress node of the zone (${drained.join(", ")}): its switches would lose every LoadBalancer path`,
        got: drained,
        fix: `leave one ingress node serving, or set ${zp}.drain: true to move the zone's traffic to the other zones on purpose`,
      });
    }
    if (mode !== "direct") {
      problems.push({
        path: drainPath(z, drained[0], flags(z)),
        problem:
          "drains an ingress node in ingress.mode: reflector, where the switches learn its /32s through the reflectors",
        got: true,
        fix: "use ingress.mode: direct to drain by config, or cordon the node by hand (docs/drain.md)",
      });
    }
    for (const sw of z.switches.filter((s) => !DRAIN_DIALECTS.includes(s.dialect))) {
      problems.push({
        path: drainPath(z, drained[0], flags(z)),
        problem: `drains an ingress node of a zone with switch ${sw.name} (${sw.dialect}), whose dialect has no route check to wait for the withdrawal`,
        got: true,
        fix: `drain only in zones of ${DRAIN_DIALECTS.map(showValue).join(", ")} switches (docs/dialects.md)`,
      });
    }
  }
  const ingress = zones.flatMap((z) => z.ingressNodes);
  if (ingress.length > 0 && ingress.every((n) => n.drained)) {
    const z = zones.find((x) => x.ingressNodes.length > 0)!;
    problems.push({
      path: drainPath(z, z.ingressNodes[0].name, flags(z)),
      problem:
        "drains every ingress node of the datacenter: no LoadBalancer address would be reachable",
      got: true,
      fix: "leave the ingress nodes of at least one zone serving",
    });
  }
  return problems;
}
