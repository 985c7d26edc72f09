// Test fixtures: the committed stack files as raw config, and small edits of them.
import { readStackFile } from "../../model/spec/stack-file";
import { checkStack } from "../../model/pipeline";
import type { NetworkPlan } from "../../model/core/types";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

export function stackConfig(stack = "prod"): Record<string, unknown> {
  return readStackFile(join(ROOT, `Pulumi.${stack}.yaml`));
}

/** The dual-stack fixture (issue 19): the lab's shape with IPv6 beside IPv4 in every zone. */
export function dualStack(): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  return readStackFile(join(ROOT, "test", "fixtures", "Pulumi.dualstack.yaml"));
}

/** The plan the offline plan command would write (preflight passed, its warnings in `plan.warnings`). */
export function planOf(raw: Record<string, unknown>): NetworkPlan {
  return checkStack(raw, { requireSecrets: false }).plan;
}

/** Deep copy, so a test's edit never leaks into another. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** prod plus a fourth zone, az4, with its own AS, subnets, switches, masters and ingress nodes. */
export function withZone4(raw: Json): Json {
  const out = clone(raw);
  out.zones.az4 = {
    asn: 65104,
    nodeCidr: "10.4.0.0/24",
    podCidr: "10.244.192.0/18",
    switches: {
      core1: { address: "10.4.0.2", sshHost: "core1.az4.fra1.example.net", dialect: "frr" },
      core2: { address: "10.4.0.3", sshHost: "core2.az4.fra1.example.net", dialect: "frr" },
    },
    masters: { "fra1-az4-m1": { address: "10.4.0.11" }, "fra1-az4-m2": { address: "10.4.0.12" } },
    ingressNodes: {
      "fra1-az4-in1": { address: "10.4.0.21" },
      "fra1-az4-in2": { address: "10.4.0.22" },
    },
  };
  return out;
}

/** Reverses the key order of every map in the config (zones, switches, nodes, pools). */
export function reordered(raw: Json): Json {
  if (Array.isArray(raw)) return raw.map(reordered);
  if (raw === null || typeof raw !== "object") return raw;
  return Object.fromEntries(
    Object.entries(raw)
      .reverse()
      .map(([k, v]) => [k, reordered(v)]),
  );
}
