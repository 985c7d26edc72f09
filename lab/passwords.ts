// Lab TCP-MD5 passwords: fresh random values per run, of the form the spec accepts (8-80 letters, digits and a few
// marks, no leading dash). They live in memory and in the daemons' own configs only, never in a plan file or a log.
import { randomBytes } from "node:crypto";
import type { NetworkPlan } from "../model/core/types";
import type { ZonePasswords } from "../model/spec/secrets";

export const newPassword = () => `Lab.${randomBytes(12).toString("base64url")}`;

/** One password per switch in every zone of the plan (the form rotation needs). */
export function perSwitchPasswords(plan: NetworkPlan): Record<string, ZonePasswords> {
  return Object.fromEntries(
    plan.zones.map((z) => [
      z.name,
      Object.fromEntries(z.switches.map((s) => [s.name, newPassword()])),
    ]),
  );
}
