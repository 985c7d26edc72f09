// The machine-wide record of the network namespaces lab runs made, whatever their run directory: one file per
// namespace, written before the namespace exists. A run that holds the machine's lab lock (lab/machine-lock.ts) knows
// no other lab run is live, so every recorded namespace that still exists is a leftover of ours (a run killed hard)
// and is removed; a namespace in the way that is not recorded is someone else's and is never touched.
import { lstatSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { privateDir } from "./private-dir";

/** Every lab namespace name starts with this, so the lab never touches anything it did not make. */
export const NS_PREFIX = "bf-";
/** Tmpfs, like /run/netns: a reboot clears both. */
export const REGISTRY_DIR = "/run/bgp-fabric/netns";
export const NETNS_DIR = "/run/netns";

/** What a lab namespace may be called: our prefix, then what `ip netns` takes as a file name, nothing else. */
const NS_NAME = new RegExp(`^${NS_PREFIX}[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`);

export interface NetnsRecord {
  ns: string;
  /** The run directory whose state holds the namespace's processes (absolute). */
  runDir: string;
  /** The process that created it, for a post-mortem. */
  pid: number;
  created: string;
}

/** What removing leftovers needs from the machine (LabState teardown and `ip netns`; the tests hand in their own). */
export interface LeftoverRemoval {
  /** Tears down a run directory's recorded state (processes, namespaces), if it still has one. */
  teardownRunDir(dir: string): Promise<void>;
  /** Stops every process inside each namespace (they are our lab's), then deletes the namespaces. */
  removeNamespaces(names: string[]): Promise<void>;
}

/** The refusal of a namespace in the way of a new lab that no lab run recorded: not ours, left as it is. */
export function notOurs(ns: string): string {
  return `lab: network namespace ${ns} exists and no bgp-fabric lab run recorded it, so it is not ours and stays; if it is a leftover of an older bgp-fabric, remove it with: ip netns del ${ns}`;
}

export class NetnsRegistry {
  constructor(
    readonly dir: string = REGISTRY_DIR,
    readonly netnsDir: string = NETNS_DIR,
  ) {}

  /** The namespaces on the machine now. */
  existing(): Set<string> {
    try {
      return new Set(readdirSync(this.netnsDir));
    } catch {
      return new Set(); // no /run/netns: no namespace was ever made
    }
  }

  /** The registry directory (made if missing), refused unless only root or this user can write it. */
  private checkedDir(make: boolean): boolean {
    return privateDir(this.dir, "the lab's namespace records", make);
  }

  /** One record, read only from a regular file (not a symlink) and only if every field is what `record` writes. */
  private read(f: string): NetnsRecord {
    const path = join(this.dir, f);
    try {
      if (lstatSync(path).isFile()) {
        const r = JSON.parse(readFileSync(path, "utf8")) as Partial<NetnsRecord>;
        if (
          typeof r.ns === "string" &&
          NS_NAME.test(r.ns) &&
          `${r.ns}.json` === f &&
          typeof r.runDir === "string" &&
          isAbsolute(r.runDir) &&
          resolve(r.runDir) === r.runDir &&
          typeof r.pid === "number" &&
          typeof r.created === "string"
        )
          return r as NetnsRecord;
      }
    } catch {
      // reported below
    }
    throw new Error(
      `lab: ${path} is not a namespace record this lab wrote; remove it (rm ${path}) and run again`,
    );
  }

  private file(ns: string): string {
    if (!NS_NAME.test(ns))
      throw new Error(
        `lab: ${JSON.stringify(ns)} is not a lab namespace name (${NS_PREFIX} and up to 63 of A-Z, a-z, 0-9, '.', '_', '-')`,
      );
    return join(this.dir, `${ns}.json`);
  }

  records(): NetnsRecord[] {
    if (!this.checkedDir(false)) return [];
    const files = readdirSync(this.dir).filter((f) => f.endsWith(".json"));
    return files.sort().map((f) => this.read(f));
  }

  owner(ns: string): string | undefined {
    if (!NS_NAME.test(ns) || !this.checkedDir(false)) return undefined; // never recorded
    try {
      lstatSync(this.file(ns));
    } catch {
      return undefined;
    }
    return this.read(`${ns}.json`).runDir;
  }

  /**
   * Records `ns` for `runDir` before the namespace is made. A namespace of that name that exists already is in the
   * way: it is refused (and not recorded, so no cleanup ever takes it for ours).
   */
  record(ns: string, runDir: string): void {
    const f = this.file(ns);
    if (this.existing().has(ns)) throw new Error(this.inTheWay(ns, resolve(runDir), new Set()));
    this.checkedDir(true);
    const r: NetnsRecord = {
      ns,
      runDir: resolve(runDir),
      pid: process.pid,
      created: new Date().toISOString(),
    };
    rmSync(`${f}.tmp`, { force: true }); // one a crash left: written anew, never through
    writeFileSync(`${f}.tmp`, `${JSON.stringify(r)}\n`, { flag: "wx", mode: 0o644 });
    renameSync(`${f}.tmp`, f);
  }

  /** Drops the record of a namespace that no longer exists (one that still does keeps it, to be removed later). */
  forget(ns: string): void {
    if (NS_NAME.test(ns) && !this.existing().has(ns)) rmSync(this.file(ns), { force: true });
  }

  /**
   * Run with the machine's lab lock held: every recorded namespace that still exists and is not of a lab this
   * process has up (`live`: their run directories) is a leftover. Their run directories' state is torn down, what
   * remains is removed, and every record whose namespace is gone is dropped. Returns the leftovers removed.
   */
  async removeLeftovers(
    live: ReadonlySet<string>,
    removal: LeftoverRemoval,
    log: (line: string) => void,
  ): Promise<string[]> {
    const existing = this.existing();
    const leftovers = this.records().filter((r) => !live.has(r.runDir) && existing.has(r.ns));
    if (leftovers.length > 0) {
      const dirs = [...new Set(leftovers.map((r) => r.runDir))].sort();
      log(
        `lab: ${leftovers.length} namespaces of earlier lab runs no longer running (killed, or kept up by npm run lab or e2e --keep: one lab per machine) in ${dirs.join(", ")}: ${leftovers.map((r) => r.ns).join(", ")}; removing them`,
      );
      for (const dir of dirs) await removal.teardownRunDir(dir);
      const still = this.existing();
      const rest = leftovers.map((r) => r.ns).filter((ns) => still.has(ns));
      if (rest.length > 0) await removal.removeNamespaces(rest);
    }
    const now = this.existing();
    for (const r of this.records()) if (!now.has(r.ns)) rmSync(this.file(r.ns), { force: true });
    const kept = leftovers.filter((r) => now.has(r.ns)).map((r) => r.ns);
    if (kept.length > 0)
      throw new Error(
        `lab: could not remove the leftover namespaces ${kept.join(", ")}; see \`ip netns pids NAME\`, then ip netns del NAME`,
      );
    return leftovers.map((r) => r.ns);
  }

  /**
   * One line per namespace of a new lab in `runDir` that exists already (after `removeLeftovers`): a lab this
   * process has up in another run directory, or not ours at all.
   */
  refusals(namespaces: readonly string[], runDir: string, live: ReadonlySet<string>): string[] {
    const existing = this.existing();
    const dir = resolve(runDir);
    return [...new Set(namespaces)]
      .filter((ns) => existing.has(ns))
      .sort()
      .map((ns) => this.inTheWay(ns, dir, live));
  }

  private inTheWay(ns: string, runDir: string, live: ReadonlySet<string>): string {
    const owner = this.owner(ns);
    if (owner === undefined) return notOurs(ns);
    if (live.has(owner) && owner !== runDir)
      return `lab: network namespace ${ns} belongs to the lab this process has up in ${owner}; bring that lab down first (Lab.down)`;
    return `lab: network namespace ${ns} (recorded for ${owner}) still exists; remove it with: ip netns del ${ns}`;
  }
}

/** The machine's registry. */
export const machineRegistry = new NetnsRegistry();
