// The "Adding a zone" walkthrough of docs/operations.md, replayed command by command as a reader on a fresh clone
// would run it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { matches, run, scratchClone, steps } from "./walkthrough";
import { tempDirs } from "../helpers/temp-dir";

describe("docs/operations.md walkthrough: Adding a zone", function () {
  const temp = tempDirs();
  this.timeout(120_000);
  const walkthrough = steps(
    readFileSync(join(ROOT, "docs", "operations.md"), "utf8"),
    "Adding a zone",
  );

  it("has the steps the issue asks for: a refused zone, the added zone, its diff, the plan against git", () => {
    assert.deepEqual(
      walkthrough.map((s) => s.command.split(" ").slice(0, 4).join(" ")),
      [
        "npm run -s zone",
        "git diff --quiet Pulumi.prod.yaml",
        "npm run -s zone",
        "git diff Pulumi.prod.yaml",
        "npm run -s plan",
        "ls plan/prod",
      ],
    );
  });

  it("prints exactly what the docs show, step after step", () => {
    const dir = scratchClone(temp("readme"));
    for (const step of walkthrough) {
      const actual = run(dir, step.command);
      assert.ok(
        matches(step.expected, actual),
        `$ ${step.command}\n--- docs/operations.md\n${step.expected.join("\n")}\n--- actual\n${actual.join("\n")}`,
      );
    }
  });
});
