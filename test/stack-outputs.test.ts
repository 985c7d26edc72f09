// Every stack output the documentation names (`pulumi stack output <name>`, "the stack output `<name>`") is one
// index.ts exports, read off the program run under mocks on the lab stack.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { engineEnv, withEngineConfig } from "../harness/engine-config";
import { SSH_KEY } from "./helpers/cluster";
import { ROOT } from "./helpers/fixtures";
import { record } from "../harness/mocks";

function documented(): Map<string, string> {
  const files = [
    "README.md",
    ...readdirSync(join(ROOT, "docs")).map((f) => join("docs", f)),
  ].filter((f) => f.endsWith(".md"));
  const named = new Map<string, string>();
  for (const f of files) {
    const text = readFileSync(join(ROOT, f), "utf8").replace(/\s+/g, " ");
    for (const m of text.matchAll(
      /pulumi stack output ([A-Za-z]\w*)|stack output `([A-Za-z]\w*)`/g,
    ))
      named.set(m[1] ?? m[2], f);
  }
  return named;
}

describe("stack outputs the docs name", () => {
  it("index.ts exports each of them", async () => {
    let exported: string[] = [];
    await withEngineConfig(engineEnv("Pulumi.lab.yaml", { switchSshPrivateKey: SSH_KEY }), () =>
      record(() => {
        exported = Object.keys(require("../index") as object);
      }, "lab"),
    );
    const named = documented();
    assert.ok(named.has("rollout"), "docs/rollout.md names the rollout output");
    for (const [name, file] of named)
      assert.ok(
        exported.includes(name),
        `${file} names the stack output ${name}; index.ts exports ${exported.join(", ")}`,
      );
  });
});
