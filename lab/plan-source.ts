// The lab's only input: the NetworkPlan the model builds from a stack file (the same call chain as `npm run plan`).
// Lab passwords, when given, enter as the engine hands decrypted secrets to the program: checked, then masked.
import { buildPlan } from "../model/plan/plan";
import { extractSecrets, type ZonePasswords } from "../model/spec/secrets";
import { parseSpec } from "../model/spec/spec";
import { readStackFile } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";

export function planFromStack(
  stackFile: string,
  passwords?: Record<string, ZonePasswords>,
): NetworkPlan {
  let raw = readStackFile(stackFile);
  if (passwords !== undefined) {
    const { masked, problems } = extractSecrets({ ...raw, bgpPasswords: passwords });
    if (problems.length > 0) throw new Error(`lab: bad lab passwords:\n  ${problems.join("\n  ")}`);
    raw = masked;
  }
  const { spec, warnings } = parseSpec(raw, { requireSecrets: false });
  return buildPlan(spec, warnings);
}
