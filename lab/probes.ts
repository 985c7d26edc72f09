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
  failures: { atMs: number; error: string }[];
  ms: number;
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
