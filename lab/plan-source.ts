// The lab's only input: the NetworkPlan the model builds from a stack file, through the one pipeline of
// `npm run plan` and `pulumi up` (model/pipeline.ts): a plan preflight refuses is not built in the lab either.
import { checkStack } from "../model/pipeline";
import { readStackFile } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";

export function planFromStack(stackFile: string): NetworkPlan {
  return checkStack(readStackFile(stackFile), { requireSecrets: false }).plan;
}
