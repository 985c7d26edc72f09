// A Kubernetes node: its namespace, the underlay (address, default gateway), a "pod" address and the LoadBalancer
// addresses on lo, BIRD configured by lab/calico-bird.ts, and an HTTP responder where an ingress pod would run.
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import type { NodeBgp } from "./calico-bird";
import { renderBird } from "./calico-bird";
import { addNamespace, connect, IPV6_SYSCTLS } from "./netns";
import { sh, waitFor } from "./sh";
import { alive, stopProcess, type LabProcess, type LabState } from "./state";
import type { LabNode } from "./topology";

const REPO = resolve(__dirname, "..");

export function hostDir(runDir: string, ns: string): string {
  return join(runDir, "hosts", ns);
}

export function birdSocket(runDir: string, ns: string): string {
  return join(hostDir(runDir, ns), "bird.ctl");
}

/** BIRD 1.6's IPv6 daemon (`bird6`, the e2e's confd node side on a dual-stack node) has a socket of its own. */
export function birdSocket6(runDir: string, ns: string): string {
  return join(hostDir(runDir, ns), "bird6.ctl");
}

/** Spawns a long-running program inside a namespace, detached, logging to the host dir; records its PID. */
export function spawnIn(
  state: LabState,
  ns: string,
  name: string,
  cmd: string,
  args: string[],
): LabProcess {
  const dir = hostDir(state.dir, ns);
  mkdirSync(dir, { recursive: true });
  const log = openSync(join(dir, `${name}.out`), "a");
  // `ip netns exec` execs the program, so the PID is the daemon's own.
  const p = spawn("ip", ["netns", "exec", ns, cmd, ...args], {
    detached: true,
    stdio: ["ignore", log, log],
    cwd: REPO,
  });
  closeSync(log);
  p.unref();
  if (p.pid === undefined) throw new Error(`lab: cannot start ${name} in ${ns}`);
  return state.addProcess(p.pid, name, ns);
}

export function createNodeHost(
  state: LabState,
  n: LabNode,
  b: NodeBgp,
  opts: { podAddress: boolean } = { podAddress: true },
): void {
  addNamespace(state, n.ns, {
    "net.ipv4.ip_forward": "1",
    "net.ipv4.fib_multipath_hash_policy": "1",
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
    ...IPV6_SYSCTLS,
  });
  for (const l of n.links) connect(n.ns, l);
  if (opts.podAddress) sh("ip", ["-n", n.ns, "addr", "add", `${b.podAddress}/32`, "dev", "lo"]);
  for (const r of lbAddresses(b)) sh("ip", ["-n", n.ns, "addr", "add", r, "dev", "lo"]);
  // Dual-stack: the IPv6 "pod" beside the IPv4 one (bird6's block), and the IPv6 underlay default route likewise.
  if (opts.podAddress && b.v6)
    sh("ip", ["-n", n.ns, "addr", "add", `${b.v6.podAddress}/128`, "dev", "lo", "nodad"]);
  // The underlay's default route (hosts get one from their provisioning); Calico itself announces none. It is the
  // last resort: the default both switches send over BGP (kernel metric 2^31 - 1 - LOCAL_PREF under Calico 3.32)
  // must win over it, so it takes the highest metric.
  sh("ip", ["-n", n.ns, "route", "add", "default", "via", n.gateway, "metric", "4294967295"]);
  if (n.gateway6)
    sh("ip", [
      "-n",
      n.ns,
      "-6",
      "route",
      "add",
      "default",
      "via",
      n.gateway6,
      "metric",
      "4294967295",
    ]);
}

/** The LoadBalancer addresses a node answers on: its /32s and (dual-stack) its /128s. */
export function lbAddresses(b: NodeBgp): string[] {
  return [
    ...b.serviceRoutes.filter((r) => r.endsWith("/32")),
    ...(b.v6?.serviceRoutes ?? []).filter((r) => r.endsWith("/128")),
  ];
}

/** The LoadBalancer /32s a node answers on (its loopback), moved from `before` to `after` (confd-style reconfigure). */
export function updateServiceAddresses(n: LabNode, before: NodeBgp, after: NodeBgp): void {
  const lb = (b: NodeBgp) => new Set(lbAddresses(b));
  const [was, now] = [lb(before), lb(after)];
  for (const r of now) if (!was.has(r)) sh("ip", ["-n", n.ns, "addr", "add", r, "dev", "lo"]);
  for (const r of was) if (!now.has(r)) sh("ip", ["-n", n.ns, "addr", "del", r, "dev", "lo"]);
}

export function writeBirdConfig(runDir: string, n: LabNode, b: NodeBgp): string {
  const dir = hostDir(runDir, n.ns);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "bird.conf");
  // Root-only, as calico-node keeps its bird.cfg: it holds the TCP-MD5 passwords.
  writeFileSync(file, renderBird(b, join(dir, "bird.log")), { mode: 0o600 });
  return file;
}

export async function startBird(state: LabState, ns: string, conf: string): Promise<LabProcess> {
  sh("bird", ["-p", "-c", conf]); // parse check first: a config error fails here, with BIRD's message
  const sock = birdSocket(state.dir, ns);
  const p = spawnIn(state, ns, "bird", "bird", ["-f", "-c", conf, "-s", sock]);
  await waitFor(
    `BIRD in ${ns} to answer on ${sock}`,
    () => {
      if (!alive(p))
        throw new Error(
          `BIRD exited; see ${join(hostDir(state.dir, ns), "bird.log")} and bird.out`,
        );
      return sh("birdc", ["-s", sock, "show", "status"], { check: false }).code === 0 || undefined;
    },
    10_000,
    100,
  );
  return p;
}

/** Like confd after a change: rewrite the config and `birdc configure` (BIRD reconfigures without a restart). */
export function reconfigureBird(state: LabState, ns: string, conf: string): string {
  sh("bird", ["-p", "-c", conf]);
  return sh("birdc", ["-s", birdSocket(state.dir, ns), "configure"]).stdout;
}

export function startResponder(state: LabState, n: LabNode): LabProcess {
  return spawnIn(state, n.ns, "responder", process.execPath, [
    "-r",
    "ts-node/register/transpile-only",
    "lab/agents/http-responder.ts",
    n.name,
    "80",
  ]);
}

/** Stops a node's recorded processes (`SIGKILL` = crash, `SIGTERM` = orderly stop). */
export async function stopNode(
  state: LabState,
  ns: string,
  signal: NodeJS.Signals,
  names = ["bird", "bird6", "responder", "confd"],
): Promise<void> {
  for (const name of names) {
    const p = state.find(name, ns);
    if (p) {
      await stopProcess(p, signal);
      state.removeProcess(p);
    }
  }
}
