// The machine's lab lock: network namespaces are machine-wide, so one lab run at a time per machine (the lab tier,
// the e2e, `npm run lab`, the engine bench). The lock is flock(1) on a file, held by a `flock … cat` child whose
// stdin is a pipe from this process: when this process dies, even by SIGKILL, the kernel closes the pipe, `cat` ends,
// and the lock goes with it. No PID file a recycled PID could fool. Re-entrant: one process (mocha's lab tier) holds
// it once for every lab it has up, by owner (a run directory), and lets it go when its last lab is down.
import { spawn, type ChildProcess } from "node:child_process";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { showValue } from "../model/core/errors";
import { privateDir } from "./private-dir";
import { alive, procStart } from "./state";

/**
 * Not /tmp/bgp-fabric-lab.lock: the helpers and CI wrap whole lab runs in `flock /tmp/bgp-fabric-lab.lock …`, and a
 * lock the wrapped run also took would wait for its own wrapper forever. Not in /run/lock or /tmp either: any user
 * can make a file there first (a symlink root would write the holder through, or a lock held to stall every run),
 * and /run/lock is missing on some systems. /run/bgp-fabric is made by the first lab run, root's alone (a tmpfs).
 */
export const LAB_LOCK_FILE = "/run/bgp-fabric/lab.lock";
export const LAB_WAIT_ENV = "BGP_FABRIC_LAB_WAIT";
export const DEFAULT_WAIT_S = 3600;
const MAX_WAIT_S = 7 * 24 * 3600;
/** A waiting run says so once a minute. */
const NOTICE_EVERY_MS = 60_000;
/** What the holder runs: prints once it holds the lock, then waits for the end of its stdin (our pipe). */
const HOLD = ["sh", "-c", "echo held; exec cat >/dev/null"];

/** The wait bound from the environment, in seconds; a value that is not a whole number of seconds is refused. */
export function waitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[LAB_WAIT_ENV];
  if (raw === undefined || raw === "") return DEFAULT_WAIT_S;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_WAIT_S))
    throw new Error(
      `lab: ${LAB_WAIT_ENV}: not a wait in whole seconds from 1 to ${MAX_WAIT_S} (got ${showValue(raw)}); set it to e.g. ${DEFAULT_WAIT_S}, or unset it for the default of ${DEFAULT_WAIT_S / 60} min`,
    );
  return n;
}

/** 3600 -> "60 min", 90 -> "90 s". */
export function duration(seconds: number): string {
  return seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** Who holds the lock, as the holder wrote it into the lock file once it had it. */
export interface Holder {
  pid: number;
  /** /proc/<pid>/stat start time: a recycled PID is not taken for the holder. */
  start: string;
  command: string;
  cwd: string;
  since: string;
}

function thisProcess(): Holder {
  return {
    pid: process.pid,
    start: procStart(process.pid) ?? "",
    // The script and its arguments (npm's own variables are inherited by every child: they would name the parent).
    command: process.argv.slice(1).join(" "),
    cwd: process.cwd(),
    since: new Date().toISOString(),
  };
}

/** One line naming the holder, from what it wrote; terminal-safe (the command line is anyone's text). */
export function holderText(file: string): string {
  let h: Partial<Holder>;
  try {
    h = JSON.parse(readFileSync(file, "utf8")) as Partial<Holder>;
  } catch {
    return "holder not recorded yet";
  }
  if (typeof h.pid !== "number" || typeof h.start !== "string") return "holder not recorded yet";
  if (!alive({ pid: h.pid, start: h.start }))
    return `holder not recorded yet (pid ${h.pid}, the last recorded holder, has exited)`;
  const command = String(h.command ?? "").replace(/[^\x20-\x7e]/g, "?");
  const short = command.length > 160 ? `${command.slice(0, 157)}...` : command;
  return `pid ${h.pid}: ${short} in ${showValue(String(h.cwd ?? ""))}, since ${String(h.since ?? "?")}`;
}

export interface LockOptions {
  /** How often a waiting run logs that it still waits (default once a minute). */
  noticeEveryMs?: number;
}

export class MachineLock {
  private child?: ChildProcess;
  private taking?: Promise<void>;
  private readonly ownerSet = new Set<string>();

  constructor(
    readonly file: string,
    private readonly opts: LockOptions = {},
  ) {}

  /** The owners (run directories) this process holds the lock for. */
  get owners(): readonly string[] {
    return [...this.ownerSet];
  }

  owns(owner: string): boolean {
    return this.child !== undefined && this.ownerSet.has(owner);
  }

  /**
   * Holds the lock for `owner`. If this process holds it already, that is all; otherwise it waits for the run that
   * holds it (one line naming it, then one a minute) up to `BGP_FABRIC_LAB_WAIT` seconds, then gives up in one line.
   */
  async acquire(owner: string, log: (line: string) => void): Promise<void> {
    while (!this.child) {
      this.taking ??= this.take(log).finally(() => (this.taking = undefined));
      await this.taking;
    }
    this.ownerSet.add(owner);
  }

  /** `owner`'s lab is down; the lock goes once no owner is left. Resolves once the lock is free. */
  async release(owner: string): Promise<void> {
    this.ownerSet.delete(owner);
    const child = this.child;
    if (this.ownerSet.size > 0 || !child) return;
    this.child = undefined;
    await endHolder(child);
  }

  private async take(log: (line: string) => void): Promise<void> {
    const waitS = waitSeconds();
    this.checkFile();
    const first = await this.hold(["-n"]);
    if (first) return this.held(first);
    const t0 = Date.now();
    log(
      `lab: another lab run holds the machine's lab lock ${this.file} (${holderText(this.file)}); waiting up to ${duration(waitS)} for it`,
    );
    const every = this.opts.noticeEveryMs ?? NOTICE_EVERY_MS;
    const notice = setInterval(
      () =>
        log(
          `lab: still waiting for the machine's lab lock (${holderText(this.file)}): ${duration(Math.round((Date.now() - t0) / 1000))} of ${duration(waitS)}`,
        ),
      every,
    );
    try {
      const child = await this.hold([], waitS * 1000);
      if (child) return this.held(child);
    } finally {
      clearInterval(notice);
    }
    throw new Error(
      `lab: the machine's lab lock ${this.file} is still held after ${duration(waitS)} (${holderText(this.file)}): another lab run is using the network namespaces; let it finish or stop it, or wait longer with ${LAB_WAIT_ENV}=<seconds>`,
    );
  }

  /** The lock file's directory is made if missing and only root's (or ours); the file, if there, a regular one of ours. */
  private checkFile(): void {
    privateDir(dirname(this.file), "the machine's lab lock", true);
    let st;
    try {
      st = lstatSync(this.file);
    } catch {
      return; // flock makes it
    }
    const uid = process.getuid?.() ?? 0;
    if (!st.isFile() || (st.uid !== uid && st.uid !== 0))
      throw new Error(
        `lab: the machine's lab lock ${this.file} is not a regular file of root or uid ${uid} (${st.isSymbolicLink() ? "a symlink" : `uid ${st.uid}`}); remove it (rm ${this.file}) and run again`,
      );
  }

  /** We hold it: say who we are for the runs that wait, and let the holder not keep this process alive. */
  private held(child: ChildProcess): void {
    writeFileSync(this.file, `${JSON.stringify(thisProcess())}\n`);
    this.child = child;
    child.on("exit", () => {
      if (this.child !== child) return; // released on purpose
      this.child = undefined;
      process.stderr.write(
        `lab: the machine's lab lock ${this.file} was lost (its flock process exited); the next lab takes it again\n`,
      );
    });
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as { unref?(): void }).unref?.();
  }

  /**
   * Starts `flock [flags] FILE sh -c 'echo held; exec cat'`: the held child once it prints, undefined when `-n` finds
   * the lock taken or `timeoutMs` passes first (that child is ended: the pipe closed, then the process killed).
   */
  private hold(flags: string[], timeoutMs?: number): Promise<ChildProcess | undefined> {
    return new Promise((resolve, reject) => {
      const child = spawn("flock", [...flags, this.file, ...HOLD], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      let settled = false;
      const settle = (v: ChildProcess | undefined, e?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (e) reject(e);
        else resolve(v);
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              void endHolder(child, true);
              settle(undefined);
            }, timeoutMs);
      child.stdin.on("error", () => {});
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("held\n")) settle(child);
      });
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("error", (e) => settle(undefined, new Error(`lab: cannot run flock: ${e.message}`)));
      child.on("close", (code) => {
        if (code === 1 && err === "" && flags.includes("-n")) settle(undefined);
        else
          settle(
            undefined,
            new Error(
              `lab: flock on the machine's lab lock ${this.file} exited ${code}: ${err.trim() || "no reason given"}`,
            ),
          );
      });
    });
  }
}

/**
 * Ends a holder: our end of its stdin closes (`cat` sees the end, as when we die), then flock is killed if it has not
 * exited by itself (at once for one still waiting: it has no `cat` yet, or one that just got the end of its stdin).
 */
function endHolder(child: ChildProcess, waiting = false): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.ref();
    const kill = setTimeout(() => child.kill("SIGKILL"), waiting ? 0 : 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.destroy();
  });
}
