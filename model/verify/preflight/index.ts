// Preflight: proves a NetworkPlan consistent and safe before anything touches a network. Both ends of every session
// agree (Calico objects vs the switch plan), versions know every field, design lints carry fixes.
import { calicoHalves, calicoNodes } from "../calico-view";
import type { NetworkPlan, Warning } from "../../core/types";
import { errorsInto, toReport, type Finding, type PreflightReport } from "./findings";
import { chartChecks, gateChecks } from "./gates";
import { lints } from "./lints";
import { nodeChecks } from "./nodes";
import { objectChecks } from "./objects";
import { PlanIndex } from "../plan-index";
import { policyChecks } from "./policy";
import { passwordChecks, sessionChecks } from "./sessions";
import { commandChecks, switchHalves } from "./switch-side";

export * from "./findings";

export interface PreflightResult extends PreflightReport {
  checked: { sessions: number; commands: number };
}

/** Every finding of a plan, unsorted (tests read them; consumers use `preflight`). */
export function findings(plan: NetworkPlan): { findings: Finding[]; commands: number } {
  const out: Finding[] = [];
  const idx = new PlanIndex(plan);
  // The Calico side as calico-node would configure it, with a worker joining each zone later.
  const nodes = calicoNodes(idx, errorsInto(out), { joiningWorkers: true });
  const halves = calicoHalves(idx, nodes, errorsInto(out));
  const badCluster = nodeChecks(idx, nodes, out);
  const sw = switchHalves(idx, out);
  sessionChecks(idx, nodes, halves, sw, badCluster, out);
  passwordChecks(idx, halves, out);
  objectChecks(idx, out);
  const commands = commandChecks(idx, out);
  policyChecks(idx, out);
  gateChecks(idx, out);
  chartChecks(idx, out);
  lints(idx, out);
  return { findings: out, commands };
}

/** The report of a plan: errors, then warnings (the spec's config-level warnings merged in). */
export function preflight(plan: NetworkPlan, specWarnings: Warning[] = []): PreflightResult {
  const { findings: all, commands } = findings(plan);
  return { ...toReport(all, specWarnings), checked: { sessions: plan.sessions.length, commands } };
}
