// Stack file -> NetworkPlan for the commands beside `npm run plan` (diff baselines, --all, the zone command), through
// the same pipeline as `npm run plan` and `pulumi up`: spec, plan, preflight (model/pipeline.ts).
import { checkStack, type CheckedStack } from "../model/pipeline";
import { parseStackText } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";

/** Throws ConfigError with every problem (and the warnings after them), like `npm run plan`. */
export function checkedFromText(text: string, label: string, strict = false): CheckedStack {
  return checkStack(parseStackText(text, label), { requireSecrets: false, strict });
}

export function planFromText(text: string, label: string): NetworkPlan {
  return checkedFromText(text, label).plan;
}

/**
 * A plan to compare with: the same pipeline, preflight findings reported in its warnings but not stopping it. The
 * baseline is what is (or was) deployed; a change that fixes a finding must still show what it changes. Config
 * errors (the spec) still throw: there is no plan without a valid spec.
 */
export function baselineFromText(text: string, label: string): NetworkPlan {
  return checkStack(parseStackText(text, label), { requireSecrets: false, findings: "reported" })
    .plan;
}
