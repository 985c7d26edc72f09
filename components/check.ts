// A Cluster's arguments -> the checked NetworkPlan, before anything registers: the one pipeline (model/pipeline.ts)
// on the config with its secrets masked. Secrets given as plain strings are checked for their form here, without
// being echoed; Outputs are checked when they resolve (`resolvedSecret`). Every problem is reported at once.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatProblem } from "../model/core/errors";
import { checkStack, type CheckedStack } from "../model/pipeline";
import { projectCharts } from "../model/spec/charts";
import { extractSecrets, SECRET_MARKER } from "../model/spec/secrets";
import { summaryLine, warningLine } from "../model/verify/preflight";
import type { ClusterArgs, ZonePasswordsInput } from "./types";

/** The plan of a Cluster's arguments; throws a RunError (its message only, no stack trace) listing every problem. */
export function checkCluster(name: string, args: ClusterArgs): CheckedStack {
  const { config } = args;
  const problems: string[] = [];
  const datacenter = Object.hasOwn(config, "datacenter") ? config.datacenter : name;
  if (typeof datacenter === "string" && datacenter !== name)
    problems.push(
      formatProblem({
        path: "datacenter",
        problem: `differs from the Cluster's name ${name}`,
        got: datacenter,
        fix: "name the Cluster after its datacenter, or leave datacenter out",
      }),
    );
  // Plain secrets are checked as the engine's decrypted config is; Outputs are checked when they resolve (secrets.ts);
  // the spec sees markers only.
  const plain: Record<string, unknown> = {};
  const masked: Record<string, unknown> = { ...config, datacenter };
  if (args.switchSshPrivateKey !== undefined) {
    if (!deferred(args.switchSshPrivateKey)) plain.switchSshPrivateKey = args.switchSshPrivateKey;
    masked.switchSshPrivateKey = SECRET_MARKER;
  }
  const passwords: unknown = args.bgpPasswords;
  if (passwords !== undefined) {
    if (!isMap(passwords)) {
      plain.bgpPasswords = passwords; // refused by its form
      masked.bgpPasswords = {};
    } else {
      const plainPasswords: Record<string, unknown> = {};
      const markers: Record<string, unknown> = {};
      for (const [zone, p] of Object.entries(passwords)) {
        if (isMap(p)) {
          plainPasswords[zone] = Object.fromEntries(
            Object.entries(p).filter(([, v]) => !deferred(v)),
          );
          markers[zone] = Object.fromEntries(Object.keys(p).map((sw) => [sw, SECRET_MARKER]));
        } else {
          if (!deferred(p)) plainPasswords[zone] = p;
          markers[zone] = SECRET_MARKER;
        }
      }
      plain.bgpPasswords = plainPasswords;
      masked.bgpPasswords = markers;
    }
  }
  problems.push(...extractSecrets(plain).problems);
  let checked: CheckedStack;
  try {
    checked = checkStack(masked, {
      requireSecrets: true,
      charts: projectCharts(args.projectDir ?? process.cwd()),
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new pulumi.RunError(
      new ConfigError([...problems, ...e.problems].sort(), e.warnings).message,
    );
  }
  if (problems.length > 0) throw new pulumi.RunError(new ConfigError(problems.sort()).message);
  // The preflight report comes first: nothing is registered before it is printed.
  const { report, strict } = checked;
  pulumi.log.info(summaryLine(report, report.checked, strict));
  for (const w of report.warnings) pulumi.log.warn(warningLine(w));
  return checked;
}

/** A zone's one password (a Pulumi input), as opposed to its map of passwords by switch. */
export function isOne(p: ZonePasswordsInput): p is pulumi.Input<string> {
  return typeof p === "string" || pulumi.Output.isInstance(p) || p instanceof Promise;
}

/** A value known only when the deployment runs (an Output or a promise), as opposed to a plain value. */
const deferred = (v: unknown): boolean => pulumi.Output.isInstance(v) || v instanceof Promise;

/** A plain map (a zone's passwords by switch), not an Output or a promise. */
function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !deferred(v);
}
