// The status report: one verdict line per zone, the switches' details under a degraded zone, then a summary line;
// JSON carries the same structure. Session states and next hops only: no password, no key, no config text.
import type { NetworkPlan } from "../core/types";
import type { ZoneStatus } from "../verify/status";
import { dot, topology, type LiveMarks } from "./diagram";
import type { PlanFile } from "./render";

export function statusText(zones: ZoneStatus[]): string {
  const lines: string[] = [];
  for (const z of zones) {
    lines.push(z.verdict);
    if (z.ok) continue;
    for (const s of z.switches) {
      for (const x of s.sessions.filter((x) => x.state !== "Established"))
        lines.push(
          `  ${s.switch}  neighbor ${x.address} ${x.node}: ${x.state}, planned Established`,
        );
      for (const u of s.unplanned)
        lines.push(`  ${s.switch}  neighbor ${u.address}: Established, not in the plan (${u.why})`);
      for (const r of s.routes)
        lines.push(
          `  ${s.switch}  ${r.prefix} via ${r.via.length === 0 ? "no ingress node" : r.via.join(", ")}${r.others.length === 0 ? "" : ` (and ${r.others.join(", ")})`}`,
        );
    }
  }
  const degraded = zones.filter((z) => !z.ok).length;
  lines.push(
    degraded === 0
      ? `status: ${zones.length} zone${zones.length === 1 ? "" : "s"} OK`
      : `status: ${degraded} of ${zones.length} zones DEGRADED`,
  );
  return `${lines.join("\n")}\n`;
}

export function statusJson(zones: ZoneStatus[]): string {
  return `${JSON.stringify({ degraded: zones.some((z) => !z.ok), zones }, null, 2)}\n`;
}

/** The observed state as marks on the plan's topology: a session by its switch end, an ingress node by its /32s. */
export function liveMarks(zones: ZoneStatus[]): LiveMarks {
  const sessions = new Map(
    zones.flatMap((z) =>
      z.switches.flatMap((s) =>
        s.sessions.map((x) => [`${s.switch} ${x.address}`, x.state] as const),
      ),
    ),
  );
  const ingress = new Map(
    zones.flatMap((z) => z.ingress.map((n) => [`${z.zone}/${n.node}`, n.observed] as const)),
  );
  return {
    session(s) {
      const [sw, other] =
        s.a.role === "switch" ? [s.a, s.b] : s.b.role === "switch" ? [s.b, s.a] : [];
      if (!sw || !other) return undefined;
      const state = sessions.get(`${s.zone}/${sw.name} ${other.address}`);
      return state === undefined ? undefined : state === "Established" ? "up" : "down";
    },
    ingress(zone, node) {
      const o = ingress.get(`${zone}/${node}`);
      return o === "announcing" ? undefined : o;
    },
  };
}

/** The files `npm run status` writes: the report in both forms and the topology with live state, as DOT and SVG. */
export function statusFiles(plan: NetworkPlan, zones: ZoneStatus[]): PlanFile[] {
  return [
    { path: "status.txt", content: statusText(zones) },
    { path: "status.json", content: statusJson(zones) },
    { path: "status.dot", content: dot(topology(plan, undefined, liveMarks(zones))) },
  ];
}
