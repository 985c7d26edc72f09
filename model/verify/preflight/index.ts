// Preflight: the checks of a NetworkPlan a stack config can fail (version gates, design lints, limits, node AS
// annotations), run before anything touches a network, plus two invariant walks kept on the runtime path (both ends
// of every session, every switch command against its dialect's grammar). Checks only a planner bug can fail are
// planner invariants: off the runtime path, asserted by test/model/planner-invariants.test.ts over the prod and lab
// stacks and by the property test over its generator. docs/preflight.md classifies every check.
import { calicoHalves, calicoNodes } from "../calico-view";
import type { NetworkPlan, Warning } from "../../core/types";
import { errorsInto, toReport, type Finding, type PreflightReport } from "./findings";
import { chartChecks, dualStackServiceGates, gateChecks } from "./gates";
import { lints } from "./lints";
import { nodeChecks } from "./nodes";
import { objectChecks } from "./objects";
import { PlanIndex } from "../plan-index";
import { policyChecks } from "./policy";
import { passwordChecks, sessionChecks } from "./sessions";
import { commandChecks, switchHalves } from "./switch-side";
import { drainChecks } from "./drain";
import { dualStackChecks } from "./dual-stack";

export * from "./findings";

export interface PreflightResult extends PreflightReport {
  checked: { sessions: number; commands: number };
}

/** Which checks to run: those a config can fail (runtime), the planner invariants, or both. */
export interface Scope {
  runtime: boolean;
  invariants: boolean;
}
export const RUNTIME: Scope = { runtime: true, invariants: false };
export const INVARIANTS: Scope = { runtime: false, invariants: true };
export const EVERY_CHECK: Scope = { runtime: true, invariants: true };

/** The findings of a plan in a scope, unsorted (tests read them; consumers use `preflight`). */
export function findings(
  plan: NetworkPlan,
  scope: Scope = RUNTIME,
): { findings: Finding[]; commands: number } {
  const out: Finding[] = [];
  const kept = (invariant: boolean) => (invariant ? scope.invariants : scope.runtime);
  const sink = (invariant: boolean) => (kept(invariant) ? out : []);
  const idx = new PlanIndex(plan);
  // The Calico side as calico-node would configure it, with a worker joining each zone later. What the derivation
  // cannot read (a BGPPeer field or selector the planner should never emit) is an invariant.
  const nodes = calicoNodes(idx, errorsInto(sink(true)), { joiningWorkers: true });
  const halves = calicoHalves(idx, nodes, errorsInto(sink(true)));
  // Node annotations run in either scope: a config can fail one rule (lab workers without an AS under asAssignment
  // external), the others are invariants walked in the same pass. Both ends of every session: invariants, still
  // walked at run time only (the summary line counts them; docs/preflight.md "Kept at run time").
  const badCluster = nodeChecks(idx, nodes, out);
  // The switch plan's own consistency: invariants.
  const sw = switchHalves(idx, sink(true));
  if (scope.runtime) sessionChecks(idx, nodes, halves, sw, badCluster, out);
  if (scope.invariants) passwordChecks(idx, halves, out);
  if (scope.invariants) objectChecks(idx, out);
  if (scope.invariants) drainChecks(idx, out);
  const commands = commandChecks(idx, out, scope);
  policyChecks(idx, out, scope);
  gateChecks(idx, out, scope);
  if (scope.runtime) chartChecks(idx, out);
  if (scope.runtime) dualStackServiceGates(idx, out);
  if (scope.runtime) dualStackChecks(idx, out);
  lints(idx, out, scope);
  return { findings: out, commands };
}

/** The report of a plan: errors, then warnings (the spec's config-level warnings merged in). */
export function preflight(plan: NetworkPlan, specWarnings: Warning[] = []): PreflightResult {
  const { findings: all, commands } = findings(plan, RUNTIME);
  return { ...toReport(all, specWarnings), checked: { sessions: plan.sessions.length, commands } };
}

/** Every check, runtime and invariants: how tests read a plan they corrupted by hand. */
export function everyCheck(plan: NetworkPlan): PreflightReport {
  return toReport(findings(plan, EVERY_CHECK).findings);
}

/** The planner invariants a plan breaks, formatted (none for any plan the planner builds). */
export function invariantErrors(plan: NetworkPlan): string[] {
  return toReport(findings(plan, INVARIANTS).findings).errors;
}
