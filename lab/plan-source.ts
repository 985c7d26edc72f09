// The lab's only input: the NetworkPlan the model builds from a stack file (the same call chain as `npm run plan`).
import { buildPlan } from "../model/plan/plan";
import { parseSpec } from "../model/spec/spec";
import { readStackFile } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";

export function planFromStack(stackFile: string): NetworkPlan {
  const { spec, warnings } = parseSpec(readStackFile(stackFile), { requireSecrets: false });
  return buildPlan(spec, warnings);
}
