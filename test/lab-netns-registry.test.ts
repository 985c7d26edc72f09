// The machine-wide record of lab namespaces (lab/netns-registry.ts), on directories of the test's own: a stand-in
// /run/netns (a namespace is a file there, as `ip netns add` makes it) and a registry directory. The removal of
// leftovers is handed in (LabState teardown and `ip netns` on the machine): here it deletes those files and says
// what it was asked, so the test sees which namespaces would be torn down, in which order, and which never are.
import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NetnsRegistry, notOurs, type LeftoverRemoval } from "../lab/netns-registry";

describe("lab: the machine-wide namespace registry", () => {
  let root: string;
  let netns: string;
  let reg: NetnsRegistry;
  const mk = (ns: string) => writeFileSync(join(netns, ns), "");
  const nsNow = () => readdirSync(netns).sort();

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "bf-netns-registry-"));
    netns = join(root, "netns");
    mkdirSync(netns);
    reg = new NetnsRegistry(join(root, "registry"), netns);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** The removal a claim hands in: the run directory teardowns delete `teardownDeletes[dir]`. */
  function removal(teardownDeletes: Record<string, string[]>, calls: string[]): LeftoverRemoval {
    return {
      teardownRunDir: async (dir) => {
        calls.push(`teardown ${dir}`);
        for (const ns of teardownDeletes[dir] ?? []) rmSync(join(netns, ns), { force: true });
      },
      removeNamespaces: async (names) => {
        calls.push(`remove ${names.join(" ")}`);
        for (const ns of names) rmSync(join(netns, ns), { force: true });
      },
    };
  }

  it("records a namespace with its run directory before it exists; forgets it once it is gone", () => {
    reg.record("bf-transport", "/tmp/run-a/");
    assert.equal(reg.owner("bf-transport"), "/tmp/run-a");
    assert.deepEqual(
      reg.records().map((r) => [r.ns, r.runDir, r.pid]),
      [["bf-transport", "/tmp/run-a", process.pid]],
    );
    mk("bf-transport");
    reg.forget("bf-transport"); // still there: the record stays, so a later run removes it
    assert.equal(reg.owner("bf-transport"), "/tmp/run-a");
    rmSync(join(netns, "bf-transport"));
    reg.forget("bf-transport");
    assert.equal(reg.owner("bf-transport"), undefined);
    assert.deepEqual(reg.records(), []);
  });

  it("refuses to record a namespace that exists already (not ours), and names it with the fix", () => {
    mk("bf-transport");
    assert.throws(
      () => reg.record("bf-transport", "/tmp/run-a"),
      (e: Error) =>
        e.message ===
        "lab: network namespace bf-transport exists and no bgp-fabric lab run recorded it, so it is not ours and stays; if it is a leftover of an older bgp-fabric, remove it with: ip netns del bf-transport",
    );
    assert.deepEqual(reg.records(), []);
  });

  it("refuses a name that is not a lab namespace before it reaches a file name", () => {
    for (const bad of ["transport", "bf-../../etc/x", "bf-", "bf-a/b", `bf-${"a".repeat(64)}`])
      assert.throws(() => reg.record(bad, "/tmp/run-a"), /is not a lab namespace name/, bad);
    assert.equal(reg.owner("bf-a/b"), undefined);
  });

  it("removes leftovers of any run directory: its state torn down first, strays after; live labs, foreign namespaces and their records untouched", async () => {
    for (const [ns, dir] of [
      ["bf-transport", "/tmp/killed"],
      ["bf-az1-core1", "/tmp/killed"],
      ["bf-lab-az1-m1", "/tmp/killed"],
      ["bf-bench-engine", "/tmp/bench/lab"],
      ["bf-live", "/tmp/live"],
      ["bf-gone", "/tmp/old"],
    ]) {
      reg.record(ns, dir);
      if (ns !== "bf-gone") mk(ns);
    }
    mk("bf-foreign"); // an older bgp-fabric's, or anyone's: never recorded
    const calls: string[] = [];
    const lines: string[] = [];
    const removed = await reg.removeLeftovers(
      new Set(["/tmp/live"]),
      // The killed run's state still lists two of its namespaces; the third only the registry knows.
      removal({ "/tmp/killed": ["bf-transport", "bf-az1-core1"] }, calls),
      (l) => lines.push(l),
    );
    assert.deepEqual(calls, [
      "teardown /tmp/bench/lab",
      "teardown /tmp/killed",
      "remove bf-bench-engine bf-lab-az1-m1",
    ]);
    assert.deepEqual(removed, ["bf-az1-core1", "bf-bench-engine", "bf-lab-az1-m1", "bf-transport"]);
    assert.deepEqual(lines, [
      "lab: 4 namespaces of earlier lab runs no longer running (killed, or kept up by npm run lab or e2e --keep: one lab per machine) in /tmp/bench/lab, /tmp/killed: bf-az1-core1, bf-bench-engine, bf-lab-az1-m1, bf-transport; removing them",
    ]);
    assert.deepEqual(nsNow(), ["bf-foreign", "bf-live"]);
    assert.deepEqual(
      reg.records().map((r) => r.ns),
      ["bf-live"],
    );
  });

  it("with nothing left over, says nothing and only drops records of namespaces already gone", async () => {
    reg.record("bf-gone", "/tmp/old");
    const calls: string[] = [];
    const lines: string[] = [];
    assert.deepEqual(
      await reg.removeLeftovers(new Set(), removal({}, calls), (l) => lines.push(l)),
      [],
    );
    assert.deepEqual([calls, lines, reg.records()], [[], [], []]);
  });

  it("fails in one line when a leftover could not be removed, and keeps its record for the next run", async () => {
    reg.record("bf-stuck", "/tmp/killed");
    mk("bf-stuck");
    const stubborn: LeftoverRemoval = {
      teardownRunDir: async () => {},
      removeNamespaces: async () => {},
    };
    await assert.rejects(
      reg.removeLeftovers(new Set(), stubborn, () => {}),
      (e: Error) =>
        e.message ===
        "lab: could not remove the leftover namespaces bf-stuck; see `ip netns pids NAME`, then ip netns del NAME",
    );
    assert.equal(reg.owner("bf-stuck"), "/tmp/killed");
  });

  it("refuses, one line each, the namespaces of a new lab still in the way: someone else's, or a live lab's of this process", () => {
    reg.record("bf-client", "/tmp/live");
    reg.record("bf-seg-az1", "/tmp/run-b");
    mk("bf-client");
    mk("bf-transport");
    mk("bf-seg-az1");
    assert.deepEqual(
      reg.refusals(
        ["bf-transport", "bf-client", "bf-az1-core1", "bf-seg-az1", "bf-transport"],
        "/tmp/run-b",
        new Set(["/tmp/live"]),
      ),
      [
        "lab: network namespace bf-client belongs to the lab this process has up in /tmp/live; bring that lab down first (Lab.down)",
        "lab: network namespace bf-seg-az1 (recorded for /tmp/run-b) still exists; remove it with: ip netns del bf-seg-az1",
        notOurs("bf-transport"),
      ],
    );
    assert.deepEqual(reg.refusals(["bf-az1-core1"], "/tmp/run-b", new Set()), []);
  });

  it("refuses a registry file it did not write, naming it, instead of guessing", () => {
    mkdirSync(reg.dir, { recursive: true });
    writeFileSync(join(reg.dir, "bf-x.json"), "{not json");
    assert.throws(
      () => reg.records(),
      (e: Error) =>
        e.message ===
        `lab: ${join(reg.dir, "bf-x.json")} is not a namespace record this lab wrote; remove it (rm ${join(reg.dir, "bf-x.json")}) and run again`,
    );
    assert.equal(existsSync(join(reg.dir, "bf-x.json")), true);
  });

  it("never tears down what a crafted record names: a foreign namespace, a relative run directory, a symlink", async () => {
    const notWritten = (f: string) =>
      `lab: ${join(reg.dir, f)} is not a namespace record this lab wrote; remove it (rm ${join(reg.dir, f)}) and run again`;
    reg.record("bf-ok", "/tmp/run-a");
    mk("bf-ok");
    mk("cni-1234"); // a Kubernetes pod's namespace, say
    writeFileSync(join(netns, "target"), "");
    const crafted: Array<[string, string]> = [
      ["cni-1234.json", JSON.stringify({ ns: "cni-1234", runDir: "/tmp/x", pid: 1, created: "" })],
      ["bf-rel.json", JSON.stringify({ ns: "bf-rel", runDir: "../../etc", pid: 1, created: "" })],
      [
        "bf-dots.json",
        JSON.stringify({ ns: "bf-dots", runDir: "/tmp/a/../../etc", pid: 1, created: "" }),
      ],
      ["bf-nopid.json", JSON.stringify({ ns: "bf-nopid", runDir: "/tmp/x" })],
    ];
    for (const [f, text] of crafted) {
      writeFileSync(join(reg.dir, f), text);
      const calls: string[] = [];
      await assert.rejects(
        reg.removeLeftovers(new Set(), removal({}, calls), () => {}),
        (e: Error) => e.message === notWritten(f),
      );
      assert.deepEqual(calls, [], f);
      rmSync(join(reg.dir, f));
    }
    symlinkSync(join(root, "elsewhere.json"), join(reg.dir, "bf-link.json"));
    writeFileSync(
      join(root, "elsewhere.json"),
      JSON.stringify({ ns: "bf-link", runDir: "/tmp/x", pid: 1, created: "" }),
    );
    assert.throws(
      () => reg.records(),
      (e: Error) => e.message === notWritten("bf-link.json"),
    );
    assert.throws(
      () => reg.owner("bf-link"),
      (e: Error) => e.message === notWritten("bf-link.json"),
    );
    assert.deepEqual(nsNow(), ["bf-ok", "cni-1234", "target"]);
  });

  it("refuses a registry directory others can write, or a symlink, before reading or writing a record", () => {
    const refusal = (what: string) =>
      `lab: ${reg.dir} holds the lab's namespace records but is not a directory of root or uid ${process.getuid!()} that only its owner can write (${what}); remove it (rm -r ${reg.dir}) and run again`;
    reg.record("bf-a", "/tmp/run-a");
    chmodSync(reg.dir, 0o777);
    assert.throws(
      () => reg.records(),
      (e: Error) => e.message === refusal(`uid ${process.getuid!()}, mode 777`),
    );
    assert.throws(
      () => reg.record("bf-b", "/tmp/run-a"),
      (e: Error) => e.message === refusal(`uid ${process.getuid!()}, mode 777`),
    );
    rmSync(reg.dir, { recursive: true });
    mkdirSync(join(root, "real"));
    symlinkSync(join(root, "real"), reg.dir);
    assert.throws(
      () => reg.record("bf-b", "/tmp/run-a"),
      (e: Error) => e.message === refusal("a symlink"),
    );
    assert.throws(
      () => reg.owner("bf-b"),
      (e: Error) => e.message === refusal("a symlink"),
    );
    assert.deepEqual(readdirSync(join(root, "real")), []);
  });
});
