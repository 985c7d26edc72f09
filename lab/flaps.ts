// Session flaps between two snapshots: what "adding a zone touches nothing else" means on the wire.
import type { Snapshot } from "./observe";

const DAY_MS = 86_400_000;

/** A since-time in ms: BIRD 2's `YYYY-MM-DD hh:mm:ss.sss` since the epoch, BIRD 1.6's `hh:mm:ss` since midnight. */
function sinceMs(s: string): number {
  const t = /^(\d\d):(\d\d):(\d\d)$/.exec(s);
  return t
    ? ((Number(t[1]) * 60 + Number(t[2])) * 60 + Number(t[3])) * 1000
    : Date.parse(s.replace(" ", "T"));
}

/**
 * BIRD's "since" is kept on its monotonic clock and shown in wall time, so the same instant can print 1 ms apart
 * (BIRD 1.6: 1 s apart, it prints whole seconds); a flap moves it by at least the reconnect time (seconds). BIRD
 * 1.6's time of day wraps at midnight. An unreadable time never counts as the same.
 */
export const sameSince = (a: string, b: string) => {
  const d = Math.abs(sinceMs(a) - sinceMs(b));
  const bird16 = /^\d\d:\d\d:\d\d$/.test(a) && /^\d\d:\d\d:\d\d$/.test(b);
  return bird16 ? Math.min(d, DAY_MS - d) <= 1000 : d < 1000;
};

/** BIRD sessions (node ns + protocol) that are down or whose since-time moved between two snapshots. */
export function birdChanges(before: Snapshot, after: Snapshot, namespaces?: string[]): string[] {
  const out: string[] = [];
  for (const [ns, m] of before.bird) {
    if (namespaces && !namespaces.includes(ns)) continue;
    for (const [proto, p] of m) {
      const q = after.bird.get(ns)?.get(proto);
      if (q?.state !== "Established" || !sameSince(q.since, p.since)) out.push(`${ns} ${proto}`);
    }
  }
  return out;
}

/**
 * FRR sessions of the given switches that went down in between: a flap resets FRR's uptime, so an unbroken session's
 * uptime has grown by (nearly) the whole `elapsedMs`.
 */
export function frrFlaps(
  before: Snapshot,
  after: Snapshot,
  switchNamespaces: string[],
  elapsedMs: number,
): string[] {
  const out: string[] = [];
  for (const ns of switchNamespaces) {
    for (const [ip, p] of before.frr.get(ns) ?? []) {
      const q = after.frr.get(ns)?.get(ip);
      if (
        q?.state !== "Established" ||
        (q.uptimeMsec ?? 0) < (p.uptimeMsec ?? 0) + elapsedMs - 2000
      )
        out.push(`${ns} ${ip}`);
    }
  }
  return out;
}
