// docs/preflight.md quotes real messages: each example is one a test asserts verbatim, or one the model produces
// right here, so the documentation cannot drift from the checks.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../model/core/errors";
import { checkStack } from "../model/pipeline";
import { clone, ROOT, stackConfig } from "./helpers/fixtures";

const section = readFileSync(join(ROOT, "docs", "preflight.md"), "utf8");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") && !p.endsWith("readme-preflight.test.ts") ? [p] : [];
  });
}

/** Test sources with string escapes undone, so an asserted message reads as the docs quote it. */
const asserted = sources(join(ROOT, "test"))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n")
  .replace(/\\(["'\\])/g, "$1");

describe("docs/preflight.md", () => {
  it("quotes, in its tables and report, only messages the tests assert verbatim", () => {
    const examples = [
      ...section.matchAll(/^\|.*\| `([^`]+: [^`]+ \(got [^`]+\); [^`]+)` \|$/gm),
    ].map((m) => m[1]);
    const report = section.match(/```\n(preflight: [^\n]+)\n(warning: [^\n]+)\n```/)!;
    assert.ok(examples.length >= 30, String(examples.length));
    for (const e of [...examples, report[1], report[2]]) assert.ok(asserted.includes(e), e);
  });

  it("quotes the hostile-input examples as the model words them", () => {
    const block = section.match(/e\.g\.\n\n```\n([^`]+)```/)!;
    const [zone, password] = block[1].trimEnd().split("\n");
    const raw = clone(stackConfig("prod")) as { zones: Record<string, unknown> };
    raw.zones["z1\nreboot"] = raw.zones.az1;
    delete raw.zones.az1;
    assert.throws(
      () => checkStack(raw as unknown as Record<string, unknown>, { requireSecrets: false }),
      (e: unknown) => e instanceof ConfigError && e.problems.includes(zone),
    );
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nk\n-----END OPENSSH PRIVATE KEY-----\n";
    assert.throws(
      () =>
        checkStack(
          { ...stackConfig("prod"), switchSshPrivateKey: key, bgpPasswords: { az1: "short" } },
          { requireSecrets: true, decrypted: true },
        ),
      (e: unknown) => e instanceof ConfigError && e.problems.includes(password),
    );
  });
});
