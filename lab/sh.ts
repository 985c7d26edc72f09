// Running programs: synchronous for ordered build steps, asynchronous where the lab waits on many at once.
import { spawn, spawnSync } from "node:child_process";

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  /** Throw unless the exit code is 0 (default true). */
  check?: boolean;
  timeoutMs?: number;
  cwd?: string;
}

function failure(cmd: string, args: string[], r: Result): Error {
  const shown = [cmd, ...args]
    .map((a) => (/^[\w./:=@,+-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(" ");
  return new Error(
    `lab: \`${shown.slice(0, 400)}\` exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 1500)}`,
  );
}

export function sh(cmd: string, args: string[], opts: RunOptions = {}): Result {
  const p = spawnSync(cmd, args, {
    input: opts.input ?? "",
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 60_000,
    cwd: opts.cwd,
    maxBuffer: 64 << 20,
  });
  if (p.error) throw new Error(`lab: cannot run ${cmd}: ${p.error.message}`);
  const r = { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
  if (opts.check !== false && r.code !== 0) throw failure(cmd, args, r);
  return r;
}

export function shAsync(cmd: string, args: string[], opts: RunOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], cwd: opts.cwd });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`lab: cannot run ${cmd}: ${e.message}`));
    });
    p.on("close", (code) => {
      clearTimeout(timer);
      const r = { code: code ?? -1, stdout, stderr };
      if (opts.check !== false && r.code !== 0) reject(failure(cmd, args, r));
      else resolve(r);
    });
    p.stdin.on("error", () => {}); // a program that exits without reading its stdin is not an error
    if (opts.input) p.stdin.end(opts.input);
    else p.stdin.end();
  });
}

/** Runs a program inside a lab network namespace. */
export function inNs(ns: string, cmd: string, args: string[], opts?: RunOptions): Result {
  return sh("ip", ["netns", "exec", ns, cmd, ...args], opts);
}

export function inNsAsync(
  ns: string,
  cmd: string,
  args: string[],
  opts?: RunOptions,
): Promise<Result> {
  return shAsync("ip", ["netns", "exec", ns, cmd, ...args], opts);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `lab: timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`,
      );
    await sleep(everyMs);
  }
}

/**
 * Runs `sample` every `everyMs` until stopped, and once more at the stop, so that what the caller has just seen
 * before stopping a watcher (its own check of the end state) is in the watcher's record too. Without that last
 * sample, a stop landing in the pause after an earlier sample loses the final change: a CI run recorded a switch as
 * never back in the upstream's ECMP set right after the test had seen it back.
 */
export function pollUntilStopped(sample: () => Promise<void> | void, everyMs: number) {
  let running = true;
  const done = (async () => {
    while (running) {
      await sample();
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      await sample();
    },
  };
}

/** A new passphrase-less ed25519 key pair at `file` (and `file.pub`): SSH host and operator keys of the lab. */
export function newEd25519Key(file: string, comment: string): void {
  sh("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
}
