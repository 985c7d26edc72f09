// One lab run per machine (lab/machine.ts), with real labs: another process holding a lab (test/lab/hold-lab.ts,
// an infraOnly lab of one zone) makes this one wait, or give up in one line; the same process killed by SIGKILL
// frees the lock (the kernel) and leaves namespaces and daemons the next lab removes, from any run directory; a
// namespace in the way that no lab run recorded is refused and left alone.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { labLock } from "../../lab/machine";
import { LAB_LOCK_FILE, LAB_WAIT_ENV } from "../../lab/machine-lock";
import { machineRegistry, notOurs } from "../../lab/netns-registry";
import { seconds } from "../../lab/probes";
import { sh, sleep, waitFor } from "../../lab/sh";
import { alive, type LabProcess } from "../../lab/state";
import { readRaw, variant, writeStack } from "../../lab/zone-gen";
import { TIER_OWNER } from "./hooks";

const ROOT = resolve(__dirname, "../..");
const STACK = join(ROOT, "Pulumi.lab.yaml");
const figure = (line: string) => console.log(`      > ${line}`);
const netns = () =>
  sh("ip", ["netns", "list"])
    .stdout.split("\n")
    .map((l) => l.split(" ")[0])
    .filter(Boolean);
/** Whether a process other than this one could take the machine's lab lock now. */
const lockFree = () => spawnSync("flock", ["-n", LAB_LOCK_FILE, "true"]).status === 0;

interface Holder {
  child: ChildProcess;
  up: Promise<void>;
  exited: Promise<number | null>;
}

/** test/lab/hold-lab.ts in a process of its own: resolves `up` once its lab is built. */
function holder(stackFile: string, runDir: string): Holder {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "test/lab/hold-lab.ts", stackFile, runDir],
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const up = new Promise<void>((res, rej) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("up\n")) res();
    });
    void exited.then((code) =>
      rej(new Error(`hold-lab exited ${code} before its lab was up: ${err}`)),
    );
  });
  return { child, up, exited };
}

describe("lab: one lab run per machine (the machine's lab lock, the namespace record)", function () {
  let dir: string;
  let stack: string;
  const children: Holder[] = [];
  const saved = process.env[LAB_WAIT_ENV];
  const runDir = (name: string) => join(dir, name);

  let tierHeld = false;

  before(async () => {
    // The tier holds the machine (test/lab/hooks.ts); these tests need another process to take it.
    tierHeld = labLock.owners.includes(TIER_OWNER);
    await labLock.release(TIER_OWNER);
    dir = mkdtempSync(join(tmpdir(), "bgp-fabric-machine-lock-"));
    stack = join(dir, "Pulumi.lab-one-zone.yaml");
    const raw = readRaw(STACK);
    const first = Object.keys(raw.zones as object).sort()[0];
    writeStack(stack, variant(raw, "direct", [first]), `lab stack, zone ${first} only`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (saved === undefined) delete process.env[LAB_WAIT_ENV];
    else process.env[LAB_WAIT_ENV] = saved;
    // A test that failed half-way: its holder is ended (we started it), then every lab it may have left goes.
    for (const h of children.splice(0)) {
      if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill("SIGKILL");
      await h.exited;
    }
    for (const d of ["killed", "holder", "next"]) await Lab.down(runDir(d));
  });

  after(async function () {
    rmSync(dir, { recursive: true, force: true });
    this.timeout(0); // the lock's own bound: another run may have taken the machine meanwhile
    if (tierHeld) await labLock.acquire(TIER_OWNER, (l) => console.log(l));
  });

  it("a lab run killed by SIGKILL frees the machine at once; the next lab, in another run directory, removes its namespaces and daemons", async function () {
    this.timeout(240_000);
    const killed = holder(stack, runDir("killed"));
    children.push(killed);
    await killed.up;
    const state = JSON.parse(readFileSync(join(runDir("killed"), "state.json"), "utf8")) as {
      namespaces: string[];
      processes: LabProcess[];
    };
    killed.child.kill("SIGKILL");
    await killed.exited;
    // The kernel released the lock with the process: nothing waited for a timeout or a PID file.
    await waitFor("the lock to be free", () => (lockFree() ? true : undefined), 5_000, 50);
    const left = netns();
    assert.deepEqual(
      state.namespaces.filter((ns) => !left.includes(ns)),
      [],
      "the killed run's namespaces are left",
    );
    const daemons = state.processes.filter(alive);
    assert.ok(daemons.length > 0, "the killed run's daemons still run");
    figure(
      `killed run left ${state.namespaces.length} namespaces and ${daemons.length} daemons (${[...new Set(daemons.map((p) => p.name))].join(", ")})`,
    );

    const lines: string[] = [];
    const t0 = Date.now();
    await Lab.up({
      stackFile: stack,
      runDir: runDir("next"),
      infraOnly: true,
      log: (l) => lines.push(l),
    });
    figure(`the next lab cleaned up and came up in ${seconds(Date.now() - t0)}`);
    assert.equal(
      lines[0],
      `lab: ${state.namespaces.length} namespaces of earlier lab runs no longer running (killed, or kept up by npm run lab or e2e --keep: one lab per machine) in ${runDir("killed")}: ${[...state.namespaces].sort().join(", ")}; removing them`,
    );
    assert.deepEqual(daemons.filter(alive), []);
    assert.equal(existsSync(join(runDir("killed"), "state.json")), false);
    assert.deepEqual(
      machineRegistry
        .records()
        .map((r) => `${r.ns} ${r.runDir}`)
        .sort(),
      [...state.namespaces].sort().map((ns) => `${ns} ${runDir("next")}`),
    );
    assert.equal(lockFree(), false);
    await Lab.down(runDir("next"));
    assert.equal(lockFree(), true);
    assert.deepEqual(machineRegistry.records(), []);
  });

  it("a second lab waits for the one another process has up, naming it; proceeds when it is down; gives up in one line after BGP_FABRIC_LAB_WAIT", async function () {
    this.timeout(240_000);
    const held = holder(stack, runDir("holder"));
    children.push(held);
    await held.up;
    const pid = held.child.pid!;
    const holderLine = `pid ${pid}: ${join(ROOT, "test/lab/hold-lab.ts")} ${stack} ${runDir("holder")} in ${ROOT}, since `;
    const up = (log: (l: string) => void) =>
      Lab.up({ stackFile: stack, runDir: runDir("next"), infraOnly: true, log });

    process.env[LAB_WAIT_ENV] = "2";
    const gaveUp: string[] = [];
    const t0 = Date.now();
    await assert.rejects(
      up((l) => gaveUp.push(l)),
      (e: Error) => {
        assert.ok(
          e.message.startsWith(
            `lab: the machine's lab lock ${LAB_LOCK_FILE} is still held after 2 s (${holderLine}`,
          ),
          e.message,
        );
        assert.ok(
          e.message.endsWith(
            "): another lab run is using the network namespaces; let it finish or stop it, or wait longer with BGP_FABRIC_LAB_WAIT=<seconds>",
          ),
          e.message,
        );
        assert.equal(e.message.includes("\n"), false);
        return true;
      },
    );
    assert.ok(Date.now() - t0 >= 2000);
    assert.equal(gaveUp.length, 1);
    assert.ok(
      gaveUp[0].startsWith(
        `lab: another lab run holds the machine's lab lock ${LAB_LOCK_FILE} (${holderLine}`,
      ),
      gaveUp[0],
    );
    assert.ok(gaveUp[0].endsWith("); waiting up to 2 s for it"), gaveUp[0]);
    assert.equal(existsSync(join(runDir("next"), "state.json")), false, "nothing built");
    assert.equal(
      machineRegistry.records().every((r) => r.runDir === runDir("holder")),
      true,
      "the holder's lab untouched",
    );

    process.env[LAB_WAIT_ENV] = "120";
    const lines: string[] = [];
    const t1 = Date.now();
    const second = up((l) => lines.push(l));
    await waitFor("the wait to be logged", () => (lines.length > 0 ? true : undefined), 10_000, 50);
    await sleep(1000);
    assert.equal(existsSync(join(runDir("next"), "state.json")), false, "still waiting");
    held.child.stdin!.end(); // the holder brings its lab down and exits
    await second;
    assert.equal(await held.exited, 0);
    figure(`the second lab waited and came up in ${seconds(Date.now() - t1)}`);
    assert.ok(lines[0].startsWith(`lab: another lab run holds the machine's lab lock`), lines[0]);
    assert.ok(lines[0].endsWith("waiting up to 2 min for it"), lines[0]);
    // The holder removed its own lab: nothing left over for the second to remove.
    assert.equal(
      lines.filter((l) => l.includes("of earlier lab runs no longer running")).length,
      0,
    );
    await Lab.down(runDir("next"));
    assert.equal(lockFree(), true);
  });

  it("refuses a namespace in its way that no lab run recorded (not ours), names the fix, and leaves it", async function () {
    this.timeout(60_000);
    sh("ip", ["netns", "add", "bf-transport"]); // what an older bgp-fabric's run killed hard would leave
    try {
      await assert.rejects(
        Lab.up({ stackFile: stack, runDir: runDir("next"), infraOnly: true }),
        (e: Error) => e.message === notOurs("bf-transport"),
      );
      assert.ok(netns().includes("bf-transport"));
      assert.equal(lockFree(), true, "a refused lab lets the machine go");
    } finally {
      sh("ip", ["netns", "del", "bf-transport"]);
    }
  });
});
