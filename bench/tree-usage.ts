// What a process tree costs: the Pulumi CLI, its providers and the program's Node.js process together. CPU comes
// from the kernel's rusage of the tree's root (`/usr/bin/time`: user + system time of every descendant it waited
// for); peak memory from polling /proc, since ru_maxrss is the largest single process, not the tree's sum.
import { readFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** One line of /proc/<pid>/stat, the fields the bench needs. CPU times in clock ticks, RSS in pages. */
export interface Stat {
  pid: number;
  /** The kernel's name for it, cut to 15 characters (both providers are `pulumi-resource`). */
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  rssPages: number;
}

/**
 * Parses /proc/<pid>/stat (proc(5)): `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so the
 * fields after it are counted from the last `)`. utime and stime are fields 14 and 15, rss field 24.
 */
export function parseStat(line: string): Stat {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 60)}`);
  const rest = line
    .slice(close + 2)
    .trim()
    .split(" ");
  // rest[0] is field 3 (state): field n is rest[n - 3].
  const f = (n: number) => Number(rest[n - 3]);
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: f(4),
    utime: f(14),
    stime: f(15),
    rssPages: f(24),
  };
}

/** `root` and every process below it, given each process's parent. */
export function descendants(root: number, parentOf: Map<number, number>): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentOf) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out = new Set<number>();
  const todo = parentOf.has(root) ? [root] : [];
  while (todo.length > 0) {
    const p = todo.pop()!;
    if (out.has(p)) continue;
    out.add(p);
    todo.push(...(children.get(p) ?? []));
  }
  return out;
}

/** The format the bench gives `/usr/bin/time -f`: elapsed seconds, user and system seconds, max RSS (KiB). */
export const TIME_FORMAT = "bench-time %e %U %S %M";

export interface TimeUsage {
  wallS: number;
  userS: number;
  sysS: number;
  /** ru_maxrss of the largest single descendant, KiB. */
  maxRssKiB: number;
}

/** The `TIME_FORMAT` line of `/usr/bin/time -o` output (a killed child adds a "Command terminated" line first). */
export function parseTimeOutput(text: string): TimeUsage {
  const line = text
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("bench-time "));
  if (!line) throw new Error(`no "bench-time" line in /usr/bin/time output: ${text.slice(0, 80)}`);
  const [wallS, userS, sysS, maxRssKiB] = line.split(" ").slice(1).map(Number);
  if ([wallS, userS, sysS, maxRssKiB].some((n) => !Number.isFinite(n)))
    throw new Error(`unreadable /usr/bin/time line: ${line}`);
  return { wallS, userS, sysS, maxRssKiB };
}

/** One sample of the tree: each process's stat, with its program's name where known. */
export type Sample = (Stat & { program?: string })[];

/** The program a /proc/<pid>/cmdline runs: its first argument's file name (NUL-separated arguments). */
export function programOf(cmdline: string): string | undefined {
  const argv0 = cmdline.split("\0")[0];
  return argv0 ? argv0.split("/").pop() : undefined;
}

export interface TreeFigures {
  /** The largest sum of resident memory over the samples, KiB (shared pages counted once per process). */
  peakRssKiB: number;
  /** Per program (its file name, else comm), its processes' last seen user + system CPU, ms, largest first. */
  cpuByProgram: [string, number][];
}

/** Figures from samples: `pageKiB` and `ticksPerSecond` are the machine's (getconf PAGESIZE, CLK_TCK). */
export function treeFigures(
  samples: Sample[],
  pageKiB: number,
  ticksPerSecond: number,
): TreeFigures {
  let peak = 0;
  const last = new Map<string, Sample[number]>();
  for (const s of samples) {
    peak = Math.max(
      peak,
      s.reduce((n, p) => n + p.rssPages * pageKiB, 0),
    );
    // A pid is reused only after its process is gone: key by pid and name.
    for (const p of s) last.set(`${p.pid} ${p.comm}`, p);
  }
  const cpu = new Map<string, number>();
  for (const p of last.values())
    cpu.set(
      p.program ?? p.comm,
      (cpu.get(p.program ?? p.comm) ?? 0) + ((p.utime + p.stime) * 1000) / ticksPerSecond,
    );
  return {
    peakRssKiB: peak,
    cpuByProgram: [...cpu].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}

function getconf(name: string): number {
  const r = spawnSync("getconf", [name], { encoding: "utf8" });
  const n = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isInteger(n) || n <= 0) throw new Error(`getconf ${name} failed`);
  return n;
}

/** Every process's stat right now (processes that exit while being read are skipped). */
function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      out.push(parseStat(readFileSync(`/proc/${d}/stat`, "utf8")));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/** Polls the tree under `root` every `everyMs` until stopped. */
export class TreePoller {
  private readonly samples: Sample[] = [];
  /** Program names by pid and comm (an exec changes the comm: `ip netns exec` becomes `time`). */
  private readonly programs = new Map<string, string | undefined>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    everyMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  private sample(): void {
    const stats = allStats();
    const tree = descendants(this.root, new Map(stats.map((s) => [s.pid, s.ppid])));
    const s = stats.filter((p) => tree.has(p.pid)).map((p) => ({ ...p, program: this.program(p) }));
    if (s.length > 0) this.samples.push(s);
  }

  private program(p: Stat): string | undefined {
    const key = `${p.pid} ${p.comm}`;
    if (!this.programs.has(key)) {
      let name: string | undefined;
      try {
        name = programOf(readFileSync(`/proc/${p.pid}/cmdline`, "utf8"));
      } catch {
        // gone
      }
      this.programs.set(key, name);
    }
    return this.programs.get(key);
  }

  stop(): TreeFigures {
    clearInterval(this.timer);
    return treeFigures(this.samples, getconf("PAGESIZE") / 1024, getconf("CLK_TCK"));
  }
}
