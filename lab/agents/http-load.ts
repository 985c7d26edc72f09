// A bounded HTTP load from the external client: `rate` new connections per second (each its own TCP flow, so ECMP
// hashing sees a new 5-tuple) for `count` requests; prints one JSON summary line: answers per node, failures.
// Usage: http-load.ts <url> <count> <rate-per-second> [timeout-ms]
import { get } from "node:http";

const [url, countText, rateText, timeoutText] = process.argv.slice(2);
const count = Number(countText);
const rate = Number(rateText);
const timeoutMs = Number(timeoutText ?? 2000);
if (!url || !(count > 0) || !(rate > 0))
  throw new Error("usage: http-load.ts <url> <count> <rate-per-second> [timeout-ms]");

interface Outcome {
  at: number;
  /** When the answer or the error came. */
  end: number;
  node?: string;
  error?: string;
}

function once(): Promise<Outcome> {
  const at = Date.now();
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () =>
        resolve(
          res.statusCode === 200
            ? { at, end: Date.now(), node: body.trim() }
            : { at, end: Date.now(), error: `HTTP ${res.statusCode}` },
        ),
      );
      res.on("error", (e) => resolve({ at, end: Date.now(), error: e.message }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", (e) => resolve({ at, end: Date.now(), error: e.message }));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const pending: Promise<Outcome>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(once());
  }
  const outcomes = await Promise.all(pending);
  const byNode: Record<string, number> = {};
  for (const o of outcomes) if (o.node) byNode[o.node] = (byNode[o.node] ?? 0) + 1;
  const failures = outcomes
    .filter((o) => o.error)
    .map((o) => ({ atMs: o.at - started, endMs: o.end - started, error: o.error }));
  process.stdout.write(
    `${JSON.stringify({ requests: count, ok: count - failures.length, failed: failures.length, byNode, failures: failures.slice(0, 200), startedAt: started, ms: Date.now() - started })}\n`,
  );
}

void main();
