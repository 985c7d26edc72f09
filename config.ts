// The only reader of Pulumi config: the `bgp-fabric:` keys -> validated spec -> NetworkPlan -> preflight, plus secrets.
import * as pulumi from "@pulumi/pulumi";
import { projectCharts } from "./model/spec/charts";
import { ConfigError } from "./model/core/errors";
import { checkStack } from "./model/pipeline";
import { summaryLine, warningLine } from "./model/verify/preflight";
import { switchPassword } from "./model/spec/secrets";
import { NAMESPACE, ownKey } from "./model/spec/stack-file";
import type { NetworkPlan } from "./model/core/types";

export interface StackConfig {
  plan: NetworkPlan;
  switchSshPrivateKey: pulumi.Output<string>;
  /** Each switch's BGP password by zone and switch (a zone's one password for all its switches repeated). */
  bgpPasswords: Record<string, Record<string, pulumi.Output<string>>>;
}

/** Top-level settings that are booleans: the engine hands every top-level value over as text. */
const BOOLEANS = new Set(["strict"]);

/** Structured config reaches the program as JSON text; plain strings as they are; `true`/`false` for booleans. */
export function decode(key: string, value: string): unknown {
  if (BOOLEANS.has(key) && (value === "true" || value === "false")) return value === "true";
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Reads and validates everything and runs preflight on the plan; throws one error listing every problem (then the
 * warnings) before any resource exists. `bgp-fabric:strict: true` makes warnings stop the run too.
 */
export function readStackConfig(): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    const name = key.slice(NAMESPACE.length + 1);
    ownKey(raw, name, decode(name, value));
  }
  let checked;
  try {
    checked = checkStack(raw, { requireSecrets: true, decrypted: true, charts: projectCharts() });
  } catch (e) {
    // A RunError stops the program with its message only: the report, not a stack trace.
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
  const { plan, report, strict, secrets } = checked;
  // The preflight report comes first: nothing is registered before it is printed.
  pulumi.log.info(summaryLine(report, report.checked, strict));
  for (const w of report.warnings) pulumi.log.warn(warningLine(w));
  return {
    plan,
    switchSshPrivateKey: pulumi.secret(secrets.switchSshPrivateKey ?? ""),
    bgpPasswords: Object.fromEntries(
      plan.zones.map((z) => [
        z.name,
        Object.fromEntries(
          z.switches.flatMap((sw) => {
            const pw = switchPassword(secrets.bgpPasswords, z.name, sw.name);
            return pw === undefined ? [] : [[sw.name, pulumi.secret(pw)]];
          }),
        ),
      ]),
    ),
  };
}
