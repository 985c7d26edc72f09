// What a run directory's state.json makes the lab's teardown do (lab/state.ts), root-free: the state is only a list
// to check. A recorded process is stopped only inside a namespace the machine's registry records for that run
// directory, so a stale or crafted state (PIDs of strangers with their right start times) kills no one.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, inNamespace, LabState, procStart } from "../lab/state";

describe("lab: a run directory's teardown acts only on what is ours", () => {
  let dir: string;
  let child: ChildProcess;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bf-state-teardown-"));
    child = spawn("sleep", ["60"], { stdio: "ignore" });
  });
  afterEach(() => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("tells a process in a given namespace from one that is not (the nsfs identity, not the name)", () => {
    // This process's own namespace file stands for /run/netns/NAME: the child shares that network namespace.
    assert.equal(inNamespace(child.pid!, "net", `/proc/${process.pid}/ns`), true);
    writeFileSync(join(dir, "net"), "");
    assert.equal(inNamespace(child.pid!, "net", dir), false);
    assert.equal(inNamespace(child.pid!, "bf-none", dir), false);
    assert.equal(inNamespace(2 ** 22 + 1, "net", `/proc/${process.pid}/ns`), false);
  });

  it("a state.json naming a stranger's PID (right start time) and namespaces no run recorded stops and deletes nothing", async () => {
    const pid = child.pid!;
    const start = procStart(pid)!;
    writeFileSync(
      join(dir, "state.json"),
      JSON.stringify({
        namespaces: ["bf-unit-unrecorded", "cni-1234"],
        processes: [{ pid, start, name: "bgpd", ns: "bf-unit-unrecorded" }],
        meta: {},
      }),
    );
    const lines: string[] = [];
    await new LabState(dir).teardown((l) => lines.push(l));
    assert.deepEqual(lines, ["removed 0 namespaces and 0 recorded processes"]);
    assert.equal(alive({ pid, start }), true);
    assert.equal(LabState.exists(dir), false);
  });
});
