// The e2e's drain drill (docs/drain.md): `drain: true` on one ingress node in the stack config, the real `pulumi up`
// under HTTP load, then `drain: false` and `up` again. calico-node does not run here, so a stand-in plays its part:
// while each `up` runs it reads the Nodes back from the API server (the label the kubernetes provider applied) and
// re-renders each node's BIRD the way calico-node's confd would (lab/calico-bird.ts: an excluded node announces no
// LoadBalancer /32). Stopwatches on both switches' FIBs show whether the withdrawal (and the return) happened before
// `pulumi up` returned.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeBgp, type LiveService } from "../lab/calico-bird";
import { followLabels } from "../lab/drain";
import type { Lab } from "../lab/lab";
import { nexthops } from "../lab/observe";
import { failuresBeyondRehash, httpLoad } from "../lab/probes";
import { pollUntilStopped, sleep } from "../lab/sh";
import { LABELS } from "../model/core/names";
import type { NetworkPlan } from "../model/core/types";
import type { KindResolver, KubeReader } from "./kube-client";
import { livePlan } from "./readback";

type Raw = Record<string, unknown>;

export interface DrainPhase {
  changes: Record<string, number>;
  /** Seconds `pulumi up` took. */
  upSeconds: number;
  /** Per switch namespace: seconds after `up` started when its FIB first showed the change (null: never). */
  fibAtSeconds: Record<string, number | null>;
  /** Seconds after the HTTP load started when this `up` started. */
  startedAtSeconds: number;
  /** The Node's exclusion label after `up`. */
  label: string | null;
  /** Nodes the calico-node stand-in reconfigured during `up`. */
  followed: string[];
}

export interface DrainReport {
  zone: string;
  node: string;
  address: string;
  drain: DrainPhase;
  undrain: DrainPhase;
  /** `rehashed`: of the failed, resets of a request in flight at a switch's next-hop change (failuresBeyondRehash). */
  http: { requests: number; failed: number; rehashed: number; byNode: Record<string, number> };
}

export interface DrainContext {
  lab: Lab;
  plan: NetworkPlan;
  kube: KubeReader;
  kinds: KindResolver;
  services: LiveService[];
  /** The stack config as the e2e wrote it; `setConfig` writes an edited copy for the next `up`. */
  raw: Raw;
  setConfig: (raw: Raw) => void;
  up: () => Promise<{ changes: Record<string, number>; seconds: number; output: string }>;
  check: (cond: boolean, what: string) => void;
  log: (line: string) => void;
  runDir: string;
}

/** The calico-node stand-in: every 200 ms, the Nodes as the API server holds them -> each node's BIRD. */
function standIn(c: DrainContext) {
  let stop = false;
  const followed = new Set<string>();
  const errors: string[] = [];
  const loop = (async () => {
    while (!stop) {
      try {
        const live = await livePlan(c.plan, c.kube, c.kinds);
        for (const n of followLabels(c.lab, nodeBgp(live.plan, c.services))) followed.add(n);
      } catch (e) {
        errors.push((e as Error).message);
      }
      await sleep(200);
    }
  })();
  return {
    followed,
    stop: async () => {
      stop = true;
      await loop;
      if (errors.length > 0) throw new Error(`e2e: the calico-node stand-in failed: ${errors[0]}`);
    },
  };
}

/** Per switch of the zone, ms after t0 when `present(nexthops)` first held; polled every 20 ms until stopped. */
function fibWatch(switches: string[], prefix: string, holds: (hops: string[]) => boolean) {
  const t0 = Date.now();
  const seen = new Map<string, number>();
  const poll = pollUntilStopped(() => {
    for (const ns of switches)
      if (!seen.has(ns) && holds(nexthops(ns, prefix))) seen.set(ns, Date.now() - t0);
  }, 20);
  return {
    stop: async () => {
      await poll.stop();
      return Object.fromEntries(
        switches.map((ns) => [ns, seen.has(ns) ? Math.round(seen.get(ns)! / 100) / 10 : null]),
      );
    },
  };
}

/** What an `up` changed, without the unchanged count, keys sorted. */
const moved = (changes: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(changes)
      .filter(([k]) => k !== "same")
      .sort(),
  );
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The drained node: the first zone's first ingress node, with the switches of its zone and the first LB /32. */
function target(c: DrainContext) {
  const zone = c.plan.zones[0];
  const node = zone.ingressNodes[0];
  const prefix = `${c.services[0].ip}/32`;
  const switches = c.lab.topo.switches.filter((s) => s.zone === zone.name).map((s) => s.ns);
  return { zone, node, prefix, switches };
}

/** The Node's exclusion label as the API server holds it (null: none). */
async function labelOf(c: DrainContext, node: string): Promise<string | null> {
  const n = await c.kube.get(`/api/v1/nodes/${encodeURIComponent(node)}`);
  return (
    ((n.metadata as Raw).labels as Record<string, string> | undefined)?.[LABELS.excludeFromLb] ??
    null
  );
}

/** One `pulumi up` with the node's `drain` set as given, the calico-node stand-in following and the FIBs timed. */
async function phase(
  c: DrainContext,
  drain: boolean,
  file: string,
  loadStart: number,
): Promise<DrainPhase> {
  const { zone, node, prefix, switches } = target(c);
  const raw = JSON.parse(JSON.stringify(c.raw)) as Raw;
  const nodes = (raw.zones as Record<string, { ingressNodes: Record<string, Raw> }>)[zone.name]
    .ingressNodes;
  if (drain) nodes[node.name].drain = true;
  c.setConfig(raw);
  const follower = standIn(c);
  const fib = fibWatch(switches, prefix, (hops) => hops.includes(node.address) !== drain);
  const t0 = Date.now();
  const startedAtSeconds = Math.round((t0 - loadStart) / 100) / 10;
  const r = await c.up();
  const upSeconds = Math.round((Date.now() - t0) / 100) / 10;
  const fibAtSeconds = await fib.stop();
  await follower.stop();
  writeFileSync(join(c.runDir, file), r.output);
  c.log(
    `${drain ? "drain" : "undrain"} up: ${JSON.stringify(r.changes)} in ${upSeconds} s; FIB at ${JSON.stringify(fibAtSeconds)}`,
  );
  return {
    changes: r.changes,
    upSeconds,
    startedAtSeconds,
    fibAtSeconds,
    label: await labelOf(c, node.name),
    followed: [...follower.followed].sort(),
  };
}

/** The drain's `up` did what a drain does: one wait per switch created, the label set, every FIB withdrew in time. */
function checkDrained(c: DrainContext, drain: DrainPhase) {
  const { node, switches } = target(c);
  c.check(
    sameJson(moved(drain.changes), { create: switches.length, update: 1 }),
    `the drain's up: ${JSON.stringify(drain.changes)}, expected ${switches.length} waits created and the Node patch updated`,
  );
  c.check(
    drain.label === "true",
    `after the drain ${node.name} has ${LABELS.excludeFromLb}=${drain.label}`,
  );
  for (const ns of switches) {
    const at = drain.fibAtSeconds[ns];
    c.check(
      at !== null && at <= drain.upSeconds,
      `${ns} withdrew ${node.name} at ${at} s, up returned at ${drain.upSeconds} s`,
    );
  }
}

/**
 * Drains the node again and leaves it drained for the destroy that follows: each wait's delete would wait for the
 * node's return, which never comes once its switch neighbor is gone, so the waits are `deletedWith` the neighbor
 * (docs/drain.md). The caller destroys and then checks the label is gone (`drainedLabelAfter`).
 */
export async function drainBeforeDestroy(c: DrainContext): Promise<DrainPhase> {
  const drain = await phase(c, true, "drain-before-destroy-up.txt", Date.now());
  checkDrained(c, drain);
  return drain;
}

/** The drained node's exclusion label now (after the destroy: null, the patch gave its keys back). */
export const drainedLabelAfter = (c: DrainContext) => labelOf(c, target(c).node.name);

export async function drainStep(c: DrainContext): Promise<DrainReport> {
  const { zone, node, prefix, switches } = target(c);
  const lb = c.services[0];
  for (const ns of switches)
    c.check(
      nexthops(ns, prefix).includes(node.address),
      `${ns} does not route ${prefix} via ${node.name} before the drain`,
    );

  // One load across both `up`s (60 s: each `up` takes 10-16 s on an idle 2-core machine, the FIB changes 6-13 s into
  // it, but up to 26 s and 20 s while other work runs, and the check below needs the load to outlast the undrain):
  // 50 requests/s, each a new flow, so every ECMP path is hashed to throughout.
  const loadStart = Date.now();
  const load = httpLoad(c.lab.topo.clientNs, `http://${lb.ip}/`, 3000, 50);
  await sleep(1000);
  const drain = await phase(c, true, "drain-up.txt", loadStart);
  const undrain = await phase(c, false, "undrain-up.txt", loadStart);
  const http = await load;
  // Each switch's next-hop change, drain and undrain, in epoch ms (rounded to 0.1 s; what can reset a connection in
  // flight: ECMP keeps no flow state).
  const changes = [drain, undrain].flatMap((p) =>
    Object.values(p.fibAtSeconds).flatMap((at) =>
      at === null ? [] : [loadStart + (p.startedAtSeconds + at) * 1000],
    ),
  );
  const { rehashed, other } = failuresBeyondRehash(http, changes);
  const report: DrainReport = {
    zone: zone.name,
    node: node.name,
    address: node.address,
    drain,
    undrain,
    http: {
      requests: http.requests,
      failed: http.failed,
      rehashed: rehashed.length,
      byNode: http.byNode,
    },
  };

  checkDrained(c, drain);
  c.check(
    sameJson(moved(undrain.changes), { delete: switches.length, update: 1 }),
    `the undrain's up: ${JSON.stringify(undrain.changes)}, expected ${switches.length} waits deleted and the Node patch updated`,
  );
  c.check(
    undrain.label === null,
    `after the undrain ${node.name} still has ${LABELS.excludeFromLb}=${undrain.label}`,
  );
  for (const ns of switches) {
    const at = undrain.fibAtSeconds[ns];
    c.check(
      at !== null && at <= undrain.upSeconds,
      `${ns} had ${node.name} back at ${at} s, up returned at ${undrain.upSeconds} s`,
    );
    c.check(
      nexthops(ns, prefix).includes(node.address),
      `${ns} does not route ${prefix} via ${node.name} after the undrain`,
    );
  }
  // The load lasted past the last FIB change, so every change happened under it.
  const lastChange =
    undrain.startedAtSeconds + Math.max(...Object.values(undrain.fibAtSeconds).map((x) => x ?? 0));
  c.check(
    http.ms / 1000 >= lastChange,
    `the HTTP load ended at ${http.ms / 1000} s, before the undrain's last FIB change at ${lastChange} s`,
  );
  // Nothing black-holed: no request failed but one in flight at the instant a switch changed its next hops.
  c.check(
    other.length === 0,
    `${other.length} of ${http.requests} HTTP requests failed during the drain and undrain beyond a reset in flight at a next-hop change: ${JSON.stringify(other.slice(0, 5))}`,
  );
  return report;
}
