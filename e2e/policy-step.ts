// The e2e's policy step: the policy pack (policy/, docs/policy.md) run by the real CLI (`pulumi preview
// --policy-pack`) on the stack just deployed must pass, then each break of e2e/policy-breaks.ts must fail the preview
// with exactly the rules it breaks. Previews only: nothing is applied, and the stack file is restored after every
// break (the program breaks' password included).
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pulumiStep, type PulumiEnv } from "./pulumi";
import { BREAKS, breakConfig, type ConfigBreak, type ProgramBreak } from "./policy-breaks";
import { NAMESPACE } from "../model/spec/stack-file";
import { writePulumiConfig } from "./stack-config";

export const POLICY_PACK = resolve(__dirname, "..", "policy");
/** Holds pulumi-analyzer-policy-nodejs, which the CLI starts the pack with (the script says why). */
export const ANALYZER_DIR = resolve(__dirname, "tools", "policy-analyzer");

type Raw = Record<string, unknown>;

export interface PolicyBreakResult {
  kind: ConfigBreak | ProgramBreak;
  expected: string[];
  violated: string[];
}

/** The policies a preview's output lists as mandatory violations, sorted. */
export function violatedPolicies(output: string): string[] {
  const names = [...output.matchAll(/^\s*- \[mandatory\]\s+(\S+)/gm)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

export async function policyStep(o: {
  env: PulumiEnv;
  stackFile: string;
  /** The stack's config as deployed (keys without the namespace). */
  raw: Raw;
  secretKeys: string[];
  check: (ok: boolean, message: string) => void;
  log: (line: string) => void;
}): Promise<PolicyBreakResult[]> {
  const env: PulumiEnv = {
    ...o.env,
    tools: { ...o.env.tools, dirs: [ANALYZER_DIR, ...o.env.tools.dirs] },
  };
  const preview = (extra: Parameters<typeof pulumiStep>[2]) =>
    // Without the diff: the display lists the packs and their violations in one form, and a break's password stays
    // out of the log.
    pulumiStep(env, "preview", { policyPacks: [POLICY_PACK], diff: false, ...extra });

  const clean = await preview({ expectNoChanges: true });
  const cleanViolations = violatedPolicies(clean.output);
  o.check(
    clean.ok && cleanViolations.length === 0 && /✅ bgp-fabric@v\S+/.test(clean.output),
    `the policy pack on the deployed stack: ${clean.ok ? "" : `preview failed (${clean.error}); `}violations ${JSON.stringify(cleanViolations)}${/✅ bgp-fabric@v/.test(clean.output) ? "" : "; the pack did not report passing"}`,
  );
  o.log("policy: the pack passes on the deployed stack");

  const results: PolicyBreakResult[] = [];
  /** One break's preview, and the rules it violated. */
  const attempt = async (kind: PolicyBreakResult["kind"], extra: Parameters<typeof preview>[0]) => {
    const r = await preview(extra);
    results.push({
      kind,
      expected: BREAKS[kind],
      violated: r.ok ? [] : violatedPolicies(r.output),
    });
  };
  const saved = readFileSync(o.stackFile);
  const configBreaks: ConfigBreak[] = ["unpinned-host-key", "one-ingress-node", "wide-pool"];
  for (const kind of configBreaks) {
    writePulumiConfig(o.stackFile, breakConfig(o.raw, kind), o.secretKeys);
    try {
      await attempt(kind, {});
    } finally {
      writeFileSync(o.stackFile, saved);
    }
  }
  // The program breaks read the first zone's BGP password: stored as a secret, as a user would (the e2e's stack has
  // none), for these previews only.
  const zone = Object.keys(o.raw.zones as Raw).sort()[0];
  try {
    const init = await pulumiStep(env, "init", {
      secrets: { [`${NAMESPACE}:bgpPasswords.${zone}`]: randomBytes(12).toString("hex") },
    });
    o.check(init.ok, `policy: storing a BGP password for the program breaks failed: ${init.error}`);
    for (const kind of ["password-in-script", "plain-stdin"] as ProgramBreak[])
      await attempt(kind, { policyBreak: kind });
  } finally {
    writeFileSync(o.stackFile, saved);
  }
  for (const r of results) {
    o.log(`policy: ${r.kind} fails ${r.violated.join(", ") || "nothing"}`);
    o.check(
      JSON.stringify(r.violated) === JSON.stringify(r.expected),
      `policy break ${r.kind}: the preview failed ${JSON.stringify(r.violated)}, expected ${JSON.stringify(r.expected)}`,
    );
  }
  return results;
}
