// One measured child process: wall time from spawn to exit (start-up included, as a user waits for it), and the
// child's own peak memory and CPU time, reported on exit by bench/peak-rss.cjs.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface Measured {
  wallMs: number;
  /** User plus system CPU time of the child (less sensitive than wall time to a busy machine). */
  cpuMs: number;
  /** Peak resident set size, KiB. */
  maxRssKiB: number;
  code: number;
  stdout: string;
  stderr: string;
}

const PEAK_RSS = join(__dirname, "peak-rss.cjs");

/** Runs `node [--require peak-rss] <args>` in `cwd`; output goes to files in `tmp` (a diff can be megabytes). */
export async function measure(args: string[], cwd: string, tmp: string): Promise<Measured> {
  const usage = join(tmp, "usage.json");
  const out = join(tmp, "stdout.txt");
  const err = join(tmp, "stderr.txt");
  rmSync(usage, { force: true });
  const fds = [openSync(out, "w"), openSync(err, "w")];
  const started = performance.now();
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, ["--require", PEAK_RSS, ...args], {
      cwd,
      env: { ...process.env, BENCH_USAGE_FILE: usage },
      stdio: ["ignore", fds[0], fds[1]],
    });
    child.on("error", fail);
    child.on("exit", (c, signal) => done(c ?? (signal ? 128 : 1)));
  });
  const wallMs = performance.now() - started;
  for (const fd of fds) closeSync(fd);
  let used = { maxRSS: 0, userCPUTime: 0, systemCPUTime: 0 };
  try {
    used = JSON.parse(readFileSync(usage, "utf8")) as typeof used;
  } catch {
    // A child that died before its exit handler ran: memory and CPU stay 0, the exit code says why.
  }
  return {
    wallMs,
    cpuMs: (used.userCPUTime + used.systemCPUTime) / 1000,
    maxRssKiB: used.maxRSS,
    code,
    stdout: readFileSync(out, "utf8"),
    stderr: readFileSync(err, "utf8"),
  };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
