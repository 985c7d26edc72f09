// The lab's only input: the NetworkPlan the model builds from a stack file, through the one pipeline of
// `npm run plan` and `pulumi up` (model/pipeline.ts): a plan preflight refuses is not built in the lab either. Lab
// passwords, when given, enter as the engine hands decrypted secrets to the program: checked, then masked.
import { checkStack } from "../model/pipeline";
import type { ZonePasswords } from "../model/spec/secrets";
import { readStackFile } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";

export function planFromStack(
  stackFile: string,
  passwords?: Record<string, ZonePasswords>,
): NetworkPlan {
  const raw = readStackFile(stackFile);
  if (passwords === undefined) return checkStack(raw, { requireSecrets: false }).plan;
  return checkStack({ ...raw, bgpPasswords: passwords }, { requireSecrets: false, decrypted: true })
    .plan;
}
