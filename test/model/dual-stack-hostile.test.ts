// Every IPv6 setting against the hostile corpus's payloads (test/hostile/corpus.yaml): through the path `pulumi up`
// takes, each is refused with an error at exactly that setting's path, one line, and no plan (so no switch command).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { clone, dualStack, ROOT } from "../helpers/fixtures";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const payloads = (
  parse(readFileSync(join(ROOT, "test", "hostile", "corpus.yaml"), "utf8")) as {
    payloads: Record<string, string>;
  }
).payloads;

const FIELDS: string[][] = [
  ["zones", "az1", "ipv6", "nodeCidr"],
  ["zones", "az1", "ipv6", "podCidr"],
  ["zones", "az1", "switches", "core1", "ipv6Address"],
  ["zones", "az1", "masters", "lab-az1-m1", "ipv6Address"],
  ["zones", "az1", "ingressNodes", "lab-az1-in1", "ipv6Address"],
  ["lab", "workers", "az1", "lab-az1-w1", "ipv6Address"],
  ["loadBalancerPools", "public6", "cidr"],
  ["loadBalancerPools", "public", "cidr6"],
];

describe("dual-stack settings against hostile values", () => {
  for (const field of FIELDS)
    it(`refuses every payload in ${field.join(".")} at that path`, () => {
      for (const [name, payload] of Object.entries(payloads)) {
        const raw: Json = clone(dualStack());
        let at: Json = raw;
        for (const k of field.slice(0, -1)) at = at[k];
        at[field[field.length - 1]] = payload;
        let problems: string[] | undefined;
        try {
          checkStack(raw, { requireSecrets: false });
        } catch (e) {
          assert.ok(e instanceof ConfigError, `${name}: ${String(e)}`);
          problems = e.problems;
        }
        assert.ok(problems, `${name}: accepted in ${field.join(".")}`);
        // The field itself is named; a dependent rule may also fire on the same setting, nothing unrelated does.
        const path = field.join(".");
        assert.ok(
          problems.length > 0 && problems.every((p) => p.startsWith(`${path}:`)),
          `${name}: ${problems.join(" | ")}`,
        );
        for (const p of problems) assert.ok(!/[\n\r\0]/.test(p), `${name}: not one line`);
      }
    });
});
