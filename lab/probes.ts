// Measurements for the drills: ICMP reachability, bounded HTTP load from the client, and stopwatches on the FIB.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { shAsync, sleep } from "./sh";

const REPO = resolve(__dirname, "..");

/** One echo from `ns` (optionally from source address `from`), `waitS` seconds for the reply. */
export async function ping(ns: string, to: string, from?: string, waitS = 2): Promise<boolean> {
  const r = await shAsync(
    "ip",
    [
      "netns",
      "exec",
      ns,
      "ping",
      "-n",
      "-q",
      "-c",
      "1",
      "-W",
      String(waitS),
      ...(from ? ["-I", from] : []),
      to,
    ],
    { check: false },
  );
  return r.code === 0;
}

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  byNode: Record<string, number>;
  /** The first 200 failures: when each request started and ended (ms after `startedAt`) and why it failed. */
  failures: LoadFailure[];
  /** Epoch ms at which the load started. */
  startedAt: number;
  ms: number;
}

export interface LoadFailure {
  atMs: number;
  endMs: number;
  error: string;
}

/**
 * The failures a next-hop change cannot explain. ECMP keeps no per-flow state: a connection open when a switch changes
 * its next-hop set for the address is hashed onto another ingress node from its next packet on, and that node resets
 * it (a drain or an undrain does that to connections in flight at that instant; no routing can avoid it). Such a
 * reset is `rehashed`; every other failure is `other` — a timeout or refusal (a black hole, a dead node), or a reset
 * with no next-hop change in its lifetime — and a defect. `changes`: epoch ms at which a switch was seen with its new
 * next-hop set, polled, so seen up to `slackMs` late (and rounded by up to that much either way).
 */
export function failuresBeyondRehash(
  r: LoadResult,
  changes: number[],
  slackMs = 250,
): { rehashed: LoadFailure[]; other: LoadFailure[] } {
  const rehashed: LoadFailure[] = [];
  const other: LoadFailure[] = [];
  for (const f of r.failures) {
    const start = r.startedAt + f.atMs;
    const end = r.startedAt + f.endMs;
    const reset = /ECONNRESET|socket hang up/.test(f.error);
    const across = changes.some((c) => c >= start - slackMs && c <= end + slackMs);
    (reset && across ? rehashed : other).push(f);
  }
  // Failures past the first 200 were not reported one by one: they cannot be told apart, so they count as other.
  for (let i = r.failures.length; i < r.failed; i++)
    other.push({ atMs: -1, endMs: -1, error: "not itemised" });
  return { rehashed, other };
}

/** Starts `count` HTTP requests at `rate`/s from the client namespace (each a new TCP flow); resolves when done. */
export function httpLoad(
  clientNs: string,
  url: string,
  count: number,
  rate: number,
  timeoutMs = 2000,
): Promise<LoadResult> {
  return new Promise((ok, fail) => {
    const p = spawn(
      "ip",
      [
        "netns",
        "exec",
        clientNs,
        process.execPath,
        "-r",
        "ts-node/register/transpile-only",
        "lab/agents/http-load.ts",
        url,
        String(count),
        String(rate),
        String(timeoutMs),
      ],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", fail);
    p.on("close", (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        ok(JSON.parse(out.trim().split("\n").at(-1) ?? "") as LoadResult);
      } catch (e) {
        fail(
          new Error(`lab: HTTP load failed (${(e as Error).message}): ${err.trim().slice(0, 500)}`),
        );
      }
    });
  });
}

/** Milliseconds until `done()` holds, polling every `everyMs`; undefined if it still does not after `capMs`. */
export async function stopwatch(
  done: () => boolean | Promise<boolean>,
  capMs: number,
  everyMs = 100,
): Promise<number | undefined> {
  const t0 = Date.now();
  for (;;) {
    if (await done()) return Date.now() - t0;
    if (Date.now() - t0 > capMs) return undefined;
    await sleep(everyMs);
  }
}

export const seconds = (ms: number | undefined) =>
  ms === undefined ? "not within the cap" : `${(ms / 1000).toFixed(1)} s`;
