// The engine bench's lab-lock check (bench/lab-lock.ts): who holds a flock, from /proc/locks, and whether it is this
// process's ancestor (a real flock(1) run; `flock F node …` answering true was checked by hand).
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ancestors, flockHolders, lockDevice, lockHolders, underLock } from "../../bench/lab-lock";

describe("bench: the lab lock", () => {
  it("prints a device as /proc/locks does: hex major and minor, two digits at least", () => {
    assert.equal(lockDevice(65024), "fe:00"); // 0xfe00
    assert.equal(lockDevice(2049), "08:01"); // sda1
    assert.equal(lockDevice(0x10300), "103:00"); // nvme: major 259
  });

  it("lists the FLOCK holders of one file, not waiters, POSIX locks or other files", () => {
    const locks = [
      "1: FLOCK  ADVISORY  WRITE 32451 fe:00:9978961 0 EOF",
      "1: -> FLOCK  ADVISORY  WRITE 32460 fe:00:9978961 0 EOF",
      "2: POSIX  ADVISORY  WRITE 28883 fe:00:9978961 0 EOF",
      "3: FLOCK  ADVISORY  WRITE 7109 fe:00:99789610 0 EOF",
      "4: FLOCK  ADVISORY  WRITE 7110 08:01:9978961 0 EOF",
      "",
    ].join("\n");
    assert.deepEqual(flockHolders(locks, "fe:00", 9978961), [32451]);
    assert.deepEqual(flockHolders(locks, "fe:00", 1), []);
  });

  it("finds a real flock(1)'s holder, and is under the lock only when that holder is an ancestor", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bf-lab-lock-"));
    const file = join(dir, "lock");
    writeFileSync(file, "");
    assert.deepEqual(lockHolders(file), []);
    assert.deepEqual(lockHolders(join(dir, "absent")), []);
    // flock(1) takes the lock itself, then runs its command as a child: the holder is flock's PID.
    const child = spawn("flock", [file, "sleep", "30"], { stdio: "ignore", detached: true });
    try {
      const until = Date.now() + 10_000;
      while (lockHolders(file).length === 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(lockHolders(file), [child.pid]);
      assert.equal(underLock(file), false); // a sibling holds it, not an ancestor
      assert.ok(ancestors(process.pid).has(process.ppid));
      assert.ok(ancestors(process.pid).has(1));
    } finally {
      process.kill(-child.pid!, "SIGKILL"); // its own process group: flock and its sleep
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
