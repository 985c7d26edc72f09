// Stack config -> validated spec -> NetworkPlan -> preflight: the one path every consumer takes (the program, the
// offline plan and its `--against` baselines, the lab, the tests), each check once. A plan that exists has passed
// preflight, except a baseline's, whose findings are reported, not fatal (`findings: "reported"`).
import { localChartProblems, type ReadText } from "./spec/charts";
import { ConfigError, formatProblem } from "./core/errors";
import { buildPlan } from "./plan/plan";
import { blocking, preflight, warningLine, type PreflightResult } from "./verify/preflight";
import { extractSecrets, type PlainSecrets } from "./spec/secrets";
import { refuseReservedKeys, validateSpec } from "./spec/spec";
import type { NetworkPlan } from "./core/types";

export interface CheckOptions {
  /** `pulumi up` needs the switch SSH key; the offline plan only warns that it is missing. */
  requireSecrets: boolean;
  /**
   * True when secrets arrive decrypted (the Pulumi program): their form is checked without echoing them, and they
   * are replaced by markers before the spec sees them. False for the offline plan, which only sees `{secure: …}`.
   */
  decrypted?: boolean;
  /** `--strict`: warnings stop the run like errors (so does `strict: true` in the stack config). */
  strict?: boolean;
  /**
   * Checks local chart directories (`metallb.path`, `ingress.path`) against the stack's chart and version, resolved
   * against `projectDir`. Absent where no files are at hand (a stack file read from a git revision).
   */
  charts?: { projectDir: string; read: ReadText };
  /**
   * `fatal` (the default): preflight errors (and warnings when strict) stop the run. `reported`: they only travel
   * in the report, for a baseline (`--against`): what is or was deployed must still be shown beside a change that
   * fixes its findings. Config errors stop both: there is no plan without a valid spec.
   */
  findings?: "fatal" | "reported";
}

export interface CheckedStack {
  /** The plan, its `warnings` being the preflight report's. */
  plan: NetworkPlan;
  report: PreflightResult;
  strict: boolean;
  /** Decrypted secrets (empty unless `decrypted`); never part of the plan. */
  secrets: PlainSecrets;
}

/** Throws a ConfigError listing every problem (and the warnings after them) when the stack must not be applied. */
export function checkStack(raw: Record<string, unknown>, options: CheckOptions): CheckedStack {
  // Before anything copies the config: an object copy would turn a `__proto__` key into a prototype.
  refuseReservedKeys(raw);
  let masked = raw;
  let secrets: PlainSecrets = { bgpPasswords: {} };
  let secretProblems: string[] = [];
  if (options.decrypted) ({ masked, secrets, problems: secretProblems } = extractSecrets(raw));
  let parsed;
  try {
    parsed = validateSpec(masked, { requireSecrets: options.requireSecrets });
  } catch (e) {
    // Secret problems are reported with the rest; a malformed secret still counts as set, so it is reported once.
    if (e instanceof ConfigError) throw new ConfigError([...secretProblems, ...e.problems].sort());
    throw e;
  }
  if (secretProblems.length > 0) throw new ConfigError(secretProblems);
  if (options.charts) {
    const charts = localChartProblems(parsed.spec, options.charts.projectDir, options.charts.read);
    if (charts.length > 0) throw new ConfigError(charts.map(formatProblem).sort());
  }
  const built = buildPlan(parsed.spec);
  const report = preflight(built, parsed.warnings);
  const strict = options.strict === true || parsed.strict;
  const stop = options.findings === "reported" ? [] : blocking(report, strict);
  if (stop.length > 0) throw new ConfigError(stop, strict ? [] : report.warnings.map(warningLine));
  return { plan: { ...built, warnings: report.warnings }, report, strict, secrets };
}
