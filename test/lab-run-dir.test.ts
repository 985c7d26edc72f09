// Lab.up empties its run dir: only one a lab run made (or a new or empty one), never a folder a mistyped --run-dir
// names.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_DIR_MARK, runDirRefusal } from "../lab/run-dir";

describe("the lab's run dir", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "bf-run-dir-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("may be emptied when new, empty, marked, or a lab run's from before the mark", () => {
    assert.equal(runDirRefusal(join(root, "new")), undefined);
    assert.equal(runDirRefusal(root), undefined);
    writeFileSync(join(root, RUN_DIR_MARK), "");
    writeFileSync(join(root, "notes.txt"), "x");
    assert.equal(runDirRefusal(root), undefined);
    const old = join(root, "old");
    mkdirSync(join(old, "hosts"), { recursive: true });
    writeFileSync(join(old, "plan.json"), "{}");
    assert.equal(runDirRefusal(old), undefined);
    const stale = join(root, "stale");
    mkdirSync(stale);
    writeFileSync(join(stale, "state.json"), "{}");
    assert.equal(runDirRefusal(stale), undefined);
  });

  it("fails when the folder holds files no lab run wrote, naming it and the fix", () => {
    const home = join(root, "home");
    mkdirSync(home);
    writeFileSync(join(home, "plan.json"), "{}"); // an offline plan's folder, say
    assert.equal(
      runDirRefusal(home),
      `lab: run dir ${home} holds files no lab run wrote (no ${RUN_DIR_MARK}); the lab empties its run dir, so pass --run-dir a new or empty directory`,
    );
  });

  it("fails when the path is a file", () => {
    const f = join(root, "f");
    writeFileSync(f, "");
    assert.equal(
      runDirRefusal(f),
      `lab: run dir ${f} is not a directory; the lab replaces its run dir whole, so pass --run-dir a new or empty directory`,
    );
  });
});
