// The machine facts every benchmark records beside its figures: which commit, which CPUs, how loaded.
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

export interface MachineFacts {
  date: string;
  commit: string;
  dirty: boolean;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  /** One-minute load average before and after the run: other work on the machine slows wall times. */
  loadBefore: number;
  loadAfter: number;
  benchSeconds: number;
}

export function git(args: string[]): string {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

/** The facts at the end of a run that began at `started` (performance.now()) with load `loadBefore`. */
export function machineFacts(loadBefore: number, started: number): MachineFacts {
  return {
    date: new Date().toISOString().replace(/:\d\d\.\d+Z$/, "Z"),
    commit: git(["rev-parse", "--short", "HEAD"]),
    dirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    loadBefore,
    loadAfter: loadavg()[0],
    benchSeconds: (performance.now() - started) / 1000,
  };
}
