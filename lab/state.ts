// The lab's run directory and state file: every namespace and process the lab makes is recorded *before* or right
// after it exists, so `down` (or the next `up` after a crash) removes exactly those, by name and by PID.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { machineRegistry, NETNS_DIR, NS_PREFIX } from "./netns-registry";
import { sh, sleep } from "./sh";

export { NS_PREFIX } from "./netns-registry";
export const DEFAULT_RUN_DIR = "/tmp/bgp-fabric-lab";

export interface LabProcess {
  pid: number;
  /** /proc/<pid>/stat start time: a recycled PID never matches, so the lab never signals a stranger. */
  start: string;
  name: string;
  ns: string;
}

interface StateData {
  namespaces: string[];
  processes: LabProcess[];
  /** Values kept across `up` and later commands (transport addresses, stack file). */
  meta: Record<string, unknown>;
}

/** Field 22 (starttime) of /proc/<pid>/stat, or undefined when the process is gone. */
export function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Running (not a zombie awaiting the slow reaper, not gone, not a recycled PID). */
export function alive(p: Pick<LabProcess, "pid" | "start">): boolean {
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] === p.start && fields[0] !== "Z" && fields[0] !== "X";
  } catch {
    return false;
  }
}

/**
 * Whether `pid` runs inside the network namespace `ns` (its /proc/<pid>/ns/net is the namespace `ip netns` pinned in
 * `netnsDir`): what a run directory's state says is only acted on for processes that are where our lab put them.
 */
export function inNamespace(pid: number, ns: string, netnsDir = NETNS_DIR): boolean {
  try {
    const a = statSync(`/proc/${pid}/ns/net`);
    const b = statSync(join(netnsDir, ns));
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

export async function stopProcess(
  p: LabProcess,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 3000,
): Promise<void> {
  if (!alive(p)) return;
  try {
    process.kill(p.pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(p) && Date.now() < deadline) await sleep(50);
  if (alive(p)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      return;
    }
    while (alive(p)) await sleep(50);
  }
}

export class LabState {
  readonly file: string;
  private data: StateData;

  constructor(readonly dir: string) {
    this.file = join(dir, "state.json");
    this.data = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, "utf8")) as StateData)
      : { namespaces: [], processes: [], meta: {} };
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, "state.json"));
  }

  get namespaces(): readonly string[] {
    return this.data.namespaces;
  }
  get processes(): readonly LabProcess[] {
    return this.data.processes;
  }
  get meta(): Record<string, unknown> {
    return this.data.meta;
  }

  setMeta(key: string, value: unknown): void {
    this.data.meta[key] = value;
    this.save();
  }

  addNamespace(ns: string): void {
    if (!ns.startsWith(NS_PREFIX))
      throw new Error(`lab: namespace ${ns} lacks the ${NS_PREFIX} prefix`);
    if (!this.data.namespaces.includes(ns)) this.data.namespaces.push(ns);
    this.save();
  }

  addProcess(pid: number, name: string, ns: string): LabProcess {
    const start = procStart(pid);
    if (start === undefined)
      throw new Error(
        `lab: ${name} in ${ns} (pid ${pid}) exited at once; see its log in ${this.dir}`,
      );
    const p = { pid, start, name, ns };
    this.data.processes.push(p);
    this.save();
    return p;
  }

  removeProcess(p: LabProcess): void {
    this.data.processes = this.data.processes.filter(
      (x) => !(x.pid === p.pid && x.start === p.start),
    );
    this.save();
  }

  find(name: string, ns: string): LabProcess | undefined {
    return this.data.processes.find((p) => p.name === name && p.ns === ns && alive(p));
  }

  private save(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.data, null, 1));
    renameSync(`${this.file}.tmp`, this.file);
  }

  /**
   * Stops every recorded process (by PID), then anything still inside a recorded namespace (only lab processes can
   * be there), deletes the namespaces and the state file (logs stay for a post-mortem until the next `up`).
   * The state file is only a list to check: a namespace is ours to delete only if the machine's registry records it
   * for this run directory, and a recorded process is stopped only if it runs inside such a namespace (a crafted or
   * stale state.json names no stranger to kill). The rest is left, and said.
   * Safe to run twice and after a crash.
   */
  async teardown(log: (s: string) => void = () => {}): Promise<void> {
    const dir = resolve(this.dir);
    const mine = this.data.namespaces.filter((ns) => machineRegistry.owner(ns) === dir);
    const procs = [...this.data.processes]
      .reverse()
      .filter((p) => mine.includes(p.ns) && inNamespace(p.pid, p.ns));
    await Promise.all(procs.map((p) => stopProcess(p)));
    await removeNamespaces(mine);
    log(`removed ${mine.length} namespaces and ${procs.length} recorded processes`);
    const existing = machineRegistry.existing();
    const left = this.data.namespaces.filter((ns) => !mine.includes(ns) && existing.has(ns));
    if (left.length > 0)
      log(
        `left ${left.join(", ")}: listed in ${this.file} but not recorded for ${dir} in ${machineRegistry.dir}, so not ours to delete`,
      );
    this.data = { namespaces: [], processes: [], meta: {} };
    rmSync(this.file, { force: true });
  }
}

/**
 * Stops every process inside each existing namespace of `names` (only lab processes can be in a lab namespace),
 * then deletes the namespaces in reverse order of creation and drops their machine-wide records.
 */
export async function removeNamespaces(names: readonly string[]): Promise<void> {
  const existing = new Set(
    sh("ip", ["netns", "list"])
      .stdout.split("\n")
      .map((l) => l.split(" ")[0]),
  );
  for (const ns of names) {
    if (!existing.has(ns)) continue;
    const pids = sh("ip", ["netns", "pids", ns], { check: false })
      .stdout.split("\n")
      .filter(Boolean)
      .map(Number);
    await Promise.all(
      pids
        .map((pid) => ({ pid, start: procStart(pid) ?? "", name: "stray", ns }))
        .filter((p) => p.start !== "" && inNamespace(p.pid, ns)) // not a PID recycled since
        .map((p) => stopProcess(p)),
    );
  }
  for (const ns of [...names].reverse()) {
    if (existing.has(ns)) sh("ip", ["netns", "del", ns], { check: false });
    machineRegistry.forget(ns);
  }
}
