// Preflight findings: config problems with a severity, and the report every consumer prints (errors, then warnings).
import { formatProblem, type ConfigProblem } from "../../core/errors";
import type { Warning } from "../../core/types";

export type Severity = "error" | "warning";

export interface Finding extends ConfigProblem {
  severity: Severity;
}

export const error = (path: string, problem: string, got: unknown, fix: string): Finding => ({
  severity: "error",
  path,
  problem,
  got,
  fix,
});

/** A sink that records each problem of a shared derivation (model/verify/calico-view.ts) as an error finding. */
export const errorsInto =
  (findings: Finding[]) =>
  (p: ConfigProblem): void => {
    findings.push(error(p.path, p.problem, p.got, p.fix));
  };

export const warning = (path: string, problem: string, got: unknown, fix: string): Finding => ({
  severity: "warning",
  path,
  problem,
  got,
  fix,
});

/** A warning in the plan: `message` is `<problem> (got <value>); <fix>`, so `path: message` reads like an error. */
export function toWarning(p: ConfigProblem): Warning {
  return { path: p.path, message: formatProblem(p).slice(p.path.length + 2) };
}

export const warningLine = (w: Warning): string => `${w.path}: ${w.message}`;

export interface PreflightReport {
  /** Formatted, sorted and unique. */
  errors: string[];
  /** Sorted and unique; config-level warnings from the spec included. */
  warnings: Warning[];
}

export function toReport(findings: Finding[], specWarnings: Warning[] = []): PreflightReport {
  const errors = [
    ...new Set(findings.filter((f) => f.severity === "error").map(formatProblem)),
  ].sort();
  const seen = new Set<string>();
  const warnings = [
    ...specWarnings,
    ...findings.filter((f) => f.severity === "warning").map(toWarning),
  ]
    .filter((w) => !seen.has(warningLine(w)) && seen.add(warningLine(w)))
    .sort((a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
  return { errors, warnings };
}

/** The problems that stop the run: the errors, and with `strict` the warnings too. */
export function blocking(report: PreflightReport, strict: boolean): string[] {
  return strict ? [...report.errors, ...report.warnings.map(warningLine)].sort() : report.errors;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** One line for the top of the report: what was checked and what was found. */
export function summaryLine(
  report: PreflightReport,
  checked: { sessions: number; commands: number },
  strict: boolean,
): string {
  return `preflight: ${plural(report.errors.length, "error")}, ${plural(report.warnings.length, "warning")}${strict ? " (--strict: warnings are errors)" : ""}; ${plural(checked.sessions, "BGP session")} checked on both ends, ${plural(checked.commands, "switch command")} against the dialect grammar`;
}
