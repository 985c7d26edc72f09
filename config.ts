// The only reader of Pulumi config: the `bgp-fabric:` keys -> validated spec -> NetworkPlan, plus the secrets.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./model/errors";
import { buildPlan } from "./model/plan";
import { extractSecrets } from "./model/secrets";
import { parseSpec } from "./model/spec";
import { NAMESPACE } from "./model/stack-file";
import type { NetworkPlan } from "./model/types";

export interface StackConfig {
  plan: NetworkPlan;
  switchSshPrivateKey: pulumi.Output<string>;
  bgpPasswords: Record<string, pulumi.Output<string>>;
}

/** Structured config reaches the program as JSON text; plain strings as they are. */
function decode(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Reads and validates everything; throws one error listing every problem before any resource exists. */
export function readStackConfig(): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(`${NAMESPACE}:`)) raw[key.slice(NAMESPACE.length + 1)] = decode(value);
  }
  // Secret problems are reported with the rest; a malformed secret still counts as set, so it is reported once.
  const { masked, secrets, problems } = extractSecrets(raw);
  let parsed;
  try {
    parsed = parseSpec(masked, { requireSecrets: true });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError([...problems, ...e.problems].sort());
  }
  if (problems.length > 0) throw new ConfigError(problems);
  for (const w of parsed.warnings) pulumi.log.warn(`${w.path}: ${w.message}`);
  return {
    plan: buildPlan(parsed.spec, parsed.warnings),
    switchSshPrivateKey: pulumi.secret(secrets.switchSshPrivateKey ?? ""),
    bgpPasswords: Object.fromEntries(
      Object.entries(secrets.bgpPasswords).map(([zone, pw]) => [zone, pulumi.secret(pw)]),
    ),
  };
}
