// The machine's lab lock (lab/machine-lock.ts) on a lock file of the test's own, with real flock(1) holders: a
// second holder waits, says who holds it, gives up in one line; re-entrant by owner; released to the next waiter.
// That a holder killed by SIGKILL lets it go is checked with a real lab in test/lab/machine-lock.spec.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_WAIT_S,
  LAB_LOCK_FILE,
  LAB_WAIT_ENV,
  MachineLock,
  duration,
  holderText,
  waitSeconds,
} from "../lab/machine-lock";

/** Whether another process could take the lock now (`flock -n` as a third party). */
const free = (file: string) => spawnSync("flock", ["-n", file, "true"]).status === 0;

describe("lab: the machine's lab lock", () => {
  let dir: string;
  let file: string;
  const saved = process.env[LAB_WAIT_ENV];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bf-machine-lock-"));
    file = join(dir, "netns.lock");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env[LAB_WAIT_ENV];
    else process.env[LAB_WAIT_ENV] = saved;
  });

  it("is not the file the helpers' and CI's flock wrappers hold (a lock under its own wrapper would wait forever), nor in a directory every user can write", () => {
    assert.equal(LAB_LOCK_FILE, "/run/bgp-fabric/lab.lock");
    assert.notEqual(LAB_LOCK_FILE, "/tmp/bgp-fabric-lab.lock");
  });

  it("makes its directory when it is missing (/run/lock is not everywhere), root's or this user's alone", async () => {
    const deep = join(dir, "run", "bgp-fabric", "lab.lock");
    const lock = new MachineLock(deep);
    await lock.acquire("/tmp/run-a", () => {});
    assert.equal(statSync(join(dir, "run", "bgp-fabric")).mode & 0o022, 0); // 0755 under any umask: no one else writes
    assert.equal(free(deep), false);
    await lock.release("/tmp/run-a");
    writeFileSync(join(dir, "file"), "");
    await assert.rejects(
      new MachineLock(join(dir, "file", "x", "lab.lock")).acquire("/tmp/run-a", () => {}),
      (e: Error) =>
        e.message ===
        `lab: cannot make ${join(dir, "file", "x")}, which holds the machine's lab lock (ENOTDIR); the lab runs as root (network namespaces), which can make it`,
    );
  });

  it("refuses a lock directory others can write, or a lock file that is a symlink, before flock opens it or the holder is written", async () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777); // like /run/lock or /tmp
    await assert.rejects(
      new MachineLock(join(shared, "lab.lock")).acquire("/tmp/run-a", () => {}),
      (e: Error) =>
        e.message ===
        `lab: ${shared} holds the machine's lab lock but is not a directory of root or uid ${process.getuid!()} that only its owner can write (uid ${process.getuid!()}, mode 1777); remove it (rm -r ${shared}) and run again`,
    );
    const target = join(dir, "passwd");
    writeFileSync(target, "root:x:0:0\n");
    symlinkSync(target, file);
    await assert.rejects(
      new MachineLock(file).acquire("/tmp/run-a", () => {}),
      (e: Error) =>
        e.message ===
        `lab: the machine's lab lock ${file} is not a regular file of root or uid ${process.getuid!()} (a symlink); remove it (rm ${file}) and run again`,
    );
    assert.equal(readFileSync(target, "utf8"), "root:x:0:0\n");
  });

  it("waits 60 min by default; BGP_FABRIC_LAB_WAIT sets whole seconds, anything else refused in one line", () => {
    assert.equal(waitSeconds({}), DEFAULT_WAIT_S);
    assert.equal(DEFAULT_WAIT_S, 3600);
    assert.equal(waitSeconds({ [LAB_WAIT_ENV]: "" }), 3600);
    assert.equal(waitSeconds({ [LAB_WAIT_ENV]: "90" }), 90);
    for (const bad of ["0", "1.5", "-3", "10m", " 60", "604801", "1e3"])
      assert.throws(
        () => waitSeconds({ [LAB_WAIT_ENV]: bad }),
        (e: Error) =>
          e.message.startsWith(
            `lab: BGP_FABRIC_LAB_WAIT: not a wait in whole seconds from 1 to 604800 (got `,
          ) &&
          e.message.endsWith("); set it to e.g. 3600, or unset it for the default of 60 min") &&
          !e.message.includes("\n"),
        bad,
      );
    assert.equal(duration(3600), "60 min");
    assert.equal(duration(90), "90 s");
    assert.equal(duration(120), "2 min");
  });

  it("is held by a flock child of this process, names its holder, and is free again once released", async () => {
    const lock = new MachineLock(file);
    const lines: string[] = [];
    assert.equal(free(file), true);
    await lock.acquire("/tmp/run-a", (l) => lines.push(l));
    assert.deepEqual(lines, []); // free: taken at once, nothing said
    assert.equal(free(file), false);
    assert.equal(lock.owns("/tmp/run-a"), true);
    const holder = JSON.parse(readFileSync(file, "utf8")) as { pid: number; cwd: string };
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.cwd, process.cwd());
    assert.match(holderText(file), new RegExp(`^pid ${process.pid}: .+ in .+, since 20\\d\\d-`));
    await lock.release("/tmp/run-a");
    assert.equal(lock.owns("/tmp/run-a"), false);
    assert.equal(free(file), true);
  });

  it("is re-entrant by owner: held while any owner of this process has a lab up", async () => {
    const lock = new MachineLock(file);
    await lock.acquire("/tmp/run-a", () => {});
    await lock.acquire("/tmp/run-b", () => {});
    await lock.acquire("/tmp/run-a", () => {});
    assert.deepEqual(lock.owners, ["/tmp/run-a", "/tmp/run-b"]);
    await lock.release("/tmp/run-a");
    assert.equal(free(file), false);
    assert.equal(lock.owns("/tmp/run-b"), true);
    await lock.release("/tmp/run-b");
    assert.equal(free(file), true);
  });

  it("a second run waits, says once who holds it and then every interval, and proceeds when it is released", async () => {
    const first = new MachineLock(file);
    const second = new MachineLock(file, { noticeEveryMs: 150 });
    await first.acquire("/tmp/run-a", () => {});
    const lines: string[] = [];
    let got = false;
    const waiting = second.acquire("/tmp/run-b", (l) => lines.push(l)).then(() => (got = true));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(got, false);
    await first.release("/tmp/run-a");
    await waiting;
    assert.equal(second.owns("/tmp/run-b"), true);
    assert.match(
      lines[0],
      new RegExp(
        `^lab: another lab run holds the machine's lab lock ${file} \\(pid ${process.pid}: .+\\); waiting up to 60 min for it$`,
      ),
    );
    assert.ok(lines.length >= 3, lines.join("\n")); // 500 ms at one line per 150 ms
    for (const l of lines.slice(1))
      assert.match(
        l,
        new RegExp(
          `^lab: still waiting for the machine's lab lock \\(pid ${process.pid}: .+\\): \\d+ s of 60 min$`,
        ),
      );
    // The new holder wrote itself in: a third run would now be told about it.
    assert.equal((JSON.parse(readFileSync(file, "utf8")) as { since: string }).since > "", true);
    await second.release("/tmp/run-b");
    assert.equal(free(file), true);
  });

  it("gives up after BGP_FABRIC_LAB_WAIT seconds in one line naming the holder, and leaves nothing holding it", async () => {
    const first = new MachineLock(file);
    const second = new MachineLock(file);
    await first.acquire("/tmp/run-a", () => {});
    process.env[LAB_WAIT_ENV] = "1";
    const t0 = Date.now();
    await assert.rejects(
      second.acquire("/tmp/run-b", () => {}),
      (e: Error) => {
        assert.match(
          e.message,
          new RegExp(
            `^lab: the machine's lab lock ${file} is still held after 1 s \\(pid ${process.pid}: [^\\n]+\\): another lab run is using the network namespaces; let it finish or stop it, or wait longer with BGP_FABRIC_LAB_WAIT=<seconds>$`,
          ),
        );
        return true;
      },
    );
    assert.ok(Date.now() - t0 >= 1000);
    assert.equal(second.owns("/tmp/run-b"), false);
    await first.release("/tmp/run-a");
    // The waiter it gave up is gone too: the lock is free, not passed on to it.
    assert.equal(free(file), true);
  });

  it("names no stranger as holder: a record of an exited or recycled PID, or none, says so", () => {
    writeFileSync(file, JSON.stringify({ pid: process.pid, start: "1", command: "x", cwd: "/" }));
    assert.equal(
      holderText(file),
      `holder not recorded yet (pid ${process.pid}, the last recorded holder, has exited)`,
    );
    writeFileSync(file, "");
    assert.equal(holderText(file), "holder not recorded yet");
  });

  it("refuses a bad BGP_FABRIC_LAB_WAIT before waiting at all", async () => {
    process.env[LAB_WAIT_ENV] = "soon";
    await assert.rejects(
      new MachineLock(file).acquire("/tmp/run-a", () => {}),
      /got soon\)/,
    );
    assert.equal(free(file), true);
  });
});
