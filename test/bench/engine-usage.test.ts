// The engine bench's pure parts: /proc and /usr/bin/time parsing, the process tree, the figures and the RESULTS.md
// section (bench/tree-usage.ts, bench/engine-report.ts).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import {
  descendants,
  parseStat,
  parseTimeOutput,
  programOf,
  treeFigures,
  type Stat,
} from "../../bench/tree-usage";

/** A /proc/<pid>/stat line (proc(5) field order) with the given fields, the others 0. */
function statLine(
  pid: number,
  comm: string,
  ppid: number,
  utime: number,
  stime: number,
  rss: number,
) {
  const f = Array.from({ length: 52 }, () => "0");
  f[2] = "S";
  f[3] = String(ppid);
  f[13] = String(utime);
  f[14] = String(stime);
  f[23] = String(rss);
  return `${pid} (${comm}) ${f.slice(2).join(" ")}\n`;
}

describe("bench: process tree usage", () => {
  it("reads pid, comm, ppid, CPU ticks and RSS pages from a /proc stat line, comm with spaces and parentheses", () => {
    assert.deepEqual(parseStat(statLine(4321, "node (x) y", 17, 250, 50, 1000)), {
      pid: 4321,
      comm: "node (x) y",
      ppid: 17,
      utime: 250,
      stime: 50,
      rssPages: 1000,
    });
  });

  it("reads this machine's own /proc/self/stat", () => {
    const s = parseStat(readFileSync("/proc/self/stat", "utf8"));
    assert.equal(s.pid, process.pid);
    assert.equal(s.ppid, process.ppid);
    assert.ok(s.rssPages > 0);
  });

  it("refuses a line that is not a stat line", () => {
    assert.throws(() => parseStat("no parentheses here"), /not a \/proc stat line/);
  });

  it("collects the tree under a root, not its parent or siblings", () => {
    const parentOf = new Map([
      [1, 0],
      [10, 1],
      [11, 10],
      [12, 10],
      [13, 12],
      [20, 1],
    ]);
    assert.deepEqual(
      [...descendants(10, parentOf)].sort((a, b) => a - b),
      [10, 11, 12, 13],
    );
    assert.deepEqual([...descendants(99, parentOf)], []);
  });

  it("reads the bench's /usr/bin/time line, after a non-zero exit note", () => {
    assert.deepEqual(
      parseTimeOutput("Command exited with non-zero status 1\nbench-time 8.87 4.12 1.26 251340\n"),
      { wallS: 8.87, userS: 4.12, sysS: 1.26, maxRssKiB: 251340 },
    );
    assert.throws(() => parseTimeOutput("0.01user 0.00system\n"), /no "bench-time" line/);
    assert.throws(() => parseTimeOutput("bench-time 1 x 2 3\n"), /unreadable/);
  });

  it("names a program by its first argument's file name", () => {
    assert.equal(
      programOf("/root/.cache/bin/pulumi-resource-kubernetes\0-v\0"),
      "pulumi-resource-kubernetes",
    );
    assert.equal(programOf("node\0x.js\0"), "node");
    assert.equal(programOf(""), undefined);
  });

  it("sums the tree's memory per sample (peak) and each process's last CPU per program", () => {
    const p = (pid: number, comm: string, cpu: number, rss: number, program?: string) => ({
      ...({ pid, comm, ppid: 1, utime: cpu, stime: 0, rssPages: rss } as Stat),
      ...(program ? { program } : {}),
    });
    const f = treeFigures(
      [
        [p(10, "node", 100, 1000), p(11, "pulumi", 10, 500)],
        [
          p(10, "node", 300, 1500),
          p(11, "pulumi", 40, 3000),
          p(12, "pulumi-resource", 20, 200, "pulumi-resource-kubernetes"),
        ],
        [p(10, "node", 350, 100), p(13, "pulumi-resource", 5, 100, "pulumi-resource-command")],
      ],
      4,
      100,
    );
    // Sample 2: (1500 + 3000 + 200) pages of 4 KiB.
    assert.equal(f.peakRssKiB, 18_800);
    assert.deepEqual(f.cpuByProgram, [
      ["node", 3500],
      ["pulumi", 400],
      ["pulumi-resource-kubernetes", 200],
      ["pulumi-resource-command", 50],
    ]);
  });
});
