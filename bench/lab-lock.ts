// The lab lock (/tmp/bgp-fabric-lab.lock): every run that builds namespaces and starts the control plane holds it,
// so lab, e2e and engine-bench runs never overlap (nor skew each other's figures). flock(1) runs its command as its
// own child, and npm does not pass the lock's descriptor on: the bench finds the lock's holder in /proc/locks
// (proc(5)) and checks it is one of its own ancestors.
import { readFileSync, statSync } from "node:fs";
import { parseStat } from "./tree-usage";

export const LAB_LOCK = "/tmp/bgp-fabric-lab.lock";

/** The device as /proc/locks prints it: major and minor in hex, at least two digits each (`fe:00`). */
export function lockDevice(dev: number): string {
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & 0xfff00);
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return `${hex(major)}:${hex(minor)}`;
}

/**
 * The PIDs holding a FLOCK on the file `device:inode`, from /proc/locks: `1: FLOCK  ADVISORY  WRITE <pid>
 * <maj:min:inode> 0 EOF`; a line with `->` is a process waiting for the lock, not holding it.
 */
export function flockHolders(locks: string, device: string, inode: number): number[] {
  const out: number[] = [];
  for (const line of locks.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f[1] !== "FLOCK") continue;
    if (f[5] === `${device}:${inode}`) out.push(Number(f[4]));
  }
  return out;
}

/** `pid`, its parent, and so on up to init. */
export function ancestors(pid: number): Set<number> {
  const out = new Set<number>();
  for (let p = pid; p > 0 && !out.has(p);) {
    out.add(p);
    try {
      p = parseStat(readFileSync(`/proc/${p}/stat`, "utf8")).ppid;
    } catch {
      break;
    }
  }
  return out;
}

/** The processes holding a flock on `file` now (none if the file does not exist). */
export function lockHolders(file: string): number[] {
  let st;
  try {
    st = statSync(file);
  } catch {
    return [];
  }
  return flockHolders(readFileSync("/proc/locks", "utf8"), lockDevice(st.dev), st.ino);
}

/** Whether this process runs under `flock <file>` (a process above it holds the lock). */
export function underLock(file = LAB_LOCK): boolean {
  const mine = ancestors(process.pid);
  return lockHolders(file).some((p) => mine.has(p));
}
