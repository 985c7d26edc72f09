// The switch side of every session, from the structured switch plan; and the proof that each switch's commands are
// exactly what its dialect renders from that structure and pass the dialect's own grammar.
import { DIALECTS } from "../../plan/dialects";
import { switchCommands } from "../../plan/switches";
import type { SwitchNeighbor, SwitchPeerGroup, SwitchPlan } from "../../core/types";
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";
import type { Scope } from ".";

/** A switch's half of a session: one neighbor and the peer group it inherits everything from. */
export interface SwitchHalf {
  sw: SwitchPlan;
  neighbor: SwitchNeighbor;
  group: SwitchPeerGroup;
}

export function switchHalves(idx: PlanIndex, findings: Finding[]): SwitchHalf[] {
  const out: SwitchHalf[] = [];
  for (const sw of idx.plan.switches) {
    const path = idx.switchPath(sw);
    const zone = idx.zones.get(sw.zone);
    if (zone && sw.asn !== zone.asn) {
      findings.push(
        error(
          path,
          `runs its sessions in AS ${sw.asn}, but zone ${sw.zone} runs AS ${zone.asn}`,
          sw.asn,
          `configure the zone AS ${zone.asn} on the switch (iBGP inside the zone)`,
        ),
      );
    }
    for (const g of sw.peerGroups) {
      if (g.remoteAs !== sw.asn) {
        findings.push(
          error(
            path,
            `peer-group ${g.name} expects its neighbors in AS ${g.remoteAs}, but the switch runs AS ${sw.asn}`,
            g.remoteAs,
            "use remote-as internal: every session of the zone is iBGP",
          ),
        );
      }
    }
    const seen = new Set<string>();
    for (const n of sw.neighbors) {
      if (seen.has(n.address)) {
        findings.push(
          error(path, `has neighbor ${n.address} twice`, n.address, "keep one neighbor per node"),
        );
        continue;
      }
      seen.add(n.address);
      const group = sw.peerGroups.find((g) => g.name === n.peerGroup);
      if (!group) {
        findings.push(
          error(
            path,
            `puts neighbor ${n.address} (${n.node}) in peer-group ${n.peerGroup}, which the switch does not define`,
            n.peerGroup,
            `use one of: ${sw.peerGroups.map((g) => g.name).join(", ")}`,
          ),
        );
        continue;
      }
      out.push({ sw, neighbor: n, group });
    }
  }
  return out;
}

/**
 * Invariant: commands are the dialect's rendering of the structure, in order. Runtime: each command passes the
 * dialect's grammar, the last check before its text reaches a switch CLI. Returns the number grammar-checked.
 */
export function commandChecks(idx: PlanIndex, findings: Finding[], scope: Scope): number {
  let checked = 0;
  for (const sw of idx.plan.switches) {
    const path = idx.switchPath(sw);
    const dialect = DIALECTS[sw.dialect];
    if (!dialect) {
      if (scope.invariants)
        findings.push(error(path, "names no known dialect", sw.dialect, "use frr, eos or nxos"));
      continue;
    }
    if (scope.invariants) renderChecks(sw, path, findings);
    if (!scope.runtime) continue;
    for (const c of sw.commands) {
      checked += 1;
      for (const problem of dialect.check(c)) {
        findings.push(
          error(
            path,
            `command ${c.name} fails the ${sw.dialect} grammar: ${problem}`,
            c.name,
            "emit only commands and script templates the dialect knows",
          ),
        );
      }
    }
  }
  return checked;
}

/** A switch's commands are exactly what its dialect renders from its peer groups and neighbors. */
function renderChecks(sw: SwitchPlan, path: string, findings: Finding[]): void {
  let rendered: ReturnType<typeof switchCommands> | undefined;
  try {
    rendered = switchCommands(sw);
  } catch (e) {
    findings.push(
      error(
        path,
        `cannot be rendered by the ${sw.dialect} dialect`,
        (e as Error).message,
        "keep the switch plan to what the dialect can express",
      ),
    );
  }
  const names = (cs: { name: string }[]) => cs.map((c) => c.name);
  if (rendered && JSON.stringify(names(rendered)) !== JSON.stringify(names(sw.commands))) {
    findings.push(
      error(
        path,
        `has commands ${names(sw.commands).join(", ") || "none"}, but its peer groups and neighbors render ${names(rendered).join(", ") || "none"}`,
        sw.commands.length,
        "keep one base command and exactly one command per neighbor, rendered from the structure",
      ),
    );
  }
  for (const c of sw.commands) {
    const expected = rendered?.find((r) => r.name === c.name);
    if (expected && JSON.stringify(expected) !== JSON.stringify(c)) {
      findings.push(
        error(
          path,
          `command ${c.name} is not what the ${sw.dialect} dialect renders from the switch's peer groups and neighbors`,
          c.name,
          "render switch commands only from the structured switch plan",
        ),
      );
    }
  }
}
