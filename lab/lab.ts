// Builds, inspects and removes the lab datacenter from a stack file's plan. Order of `up`: wires, switches with
// their pre-existing config, the client, the nodes' BIRD, then the plan's switch commands over SSH (health-checked).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NetworkPlan, SwitchCommand, SwitchPlan } from "../model/core/types";
import { SECRET_PLACEHOLDER, type ZonePasswords } from "../model/spec/secrets";
import { nodeBgp, type NodeBgp } from "./calico-bird";
import { clientLink, startClient, writeClientConfig } from "./client";
import { claimMachine, labNamespaces, withMachine } from "./machine";
import { addSegment, connect, addNamespace, plug, unplug } from "./netns";
import {
  createNodeHost,
  lbAddresses,
  reconfigureBird,
  startBird,
  startResponder,
  stopNode,
  updateServiceAddresses,
  writeBirdConfig,
} from "./node-host";
import { established, nexthops, sessionStates, snapshot } from "./observe";
import { planFromStack } from "./plan-source";
import { runAll, sshClient, type SshClient } from "./remote-command";
import { RUN_DIR_MARK, runDirRefusal } from "./run-dir";
import { routeTable, sessionTable, transportTable } from "./report";
import { newEd25519Key, sh, waitFor } from "./sh";
import { DEFAULT_RUN_DIR, LabState } from "./state";
import {
  runningConfig,
  startSwitch,
  transportNeighbor,
  transportPolicyBinding,
  vtysh,
} from "./switch-frr";
import { topology, type LabNode, type LabSwitch, type Topology } from "./topology";

/**
 * Who configures a node's BGP daemon. Without one the lab's own emulation does (lab/calico-bird.ts renders BIRD 2
 * from the plan's Calico view); the e2e can set Calico's own confd (e2e/confd/), which follows the API server itself.
 */
export interface NodeSide {
  readonly name: string;
  /** Starts the node's BGP daemon in its (existing) namespace. */
  start(node: LabNode, bgp: NodeBgp): Promise<void>;
  /** The node's expected inputs changed: reconfigure it, or nothing for a side that follows the API server. */
  reconfigure(node: LabNode, bgp: NodeBgp): string;
}

export interface UpOptions {
  stackFile: string;
  runDir?: string;
  log?: (line: string) => void;
  /**
   * The e2e builds only the wires, the switches and the client (`infraOnly`): the real `pulumi up` runs the switch
   * commands, and the nodes start from what the API server holds afterwards (`startNodes`).
   */
  infraOnly?: boolean;
  /**
   * TCP-MD5 passwords by zone, in `bgpPasswords` form (one for the zone, or one per switch): the lab plays the
   * engine (decrypted config), the Zone component (Secret values, switch stdin) and calico-node (BIRD `password`).
   */
  passwords?: Record<string, ZonePasswords>;
}

const stderrLine = (line: string) => process.stderr.write(`${line}\n`);

function checkPrerequisites(): void {
  if (process.getuid?.() !== 0)
    throw new Error("lab: needs root (network namespaces); run it as root or in CI");
  for (const bin of [
    "bird",
    "birdc",
    "vtysh",
    "/usr/lib/frr/zebra",
    "/usr/lib/frr/bgpd",
    "/usr/sbin/sshd",
    "ssh",
    "ssh-keygen",
    "nsenter",
    "unshare",
    "flock",
  ]) {
    if (sh("sh", ["-c", `command -v ${bin}`], { check: false }).code !== 0)
      throw new Error(
        `lab: ${bin} is missing; install frr, bird2 and openssh-server (see .ci/lab.sh)`,
      );
  }
}

interface BuildParts {
  segments: Topology["segments"];
  switches: LabSwitch[];
  nodes: LabNode[];
  /** Switches whose commands to run, and which of their commands (all on `up`, the new ones when growing). */
  commands: SwitchPlan[];
  pick: (c: { name: string }) => boolean;
}

export class Lab {
  private constructor(
    readonly state: LabState,
    public plan: NetworkPlan,
    public topo: Topology,
    public bgp: NodeBgp[],
    readonly ssh: SshClient,
    readonly log: (line: string) => void,
  ) {}

  /** The node side; undefined: the emulation. */
  nodeSide?: NodeSide;

  private async startNodeBgp(node: LabNode): Promise<void> {
    const b = this.bgpOf(node.name);
    if (this.nodeSide) await this.nodeSide.start(node, b);
    else await startBird(this.state, node.ns, writeBirdConfig(this.state.dir, node, b));
  }

  /** Removes whatever a previous run left (stale state after a crash included), then builds the plan's datacenter. */
  static async up(opts: UpOptions): Promise<Lab> {
    const log = opts.log ?? (() => {});
    const runDir = resolve(opts.runDir ?? DEFAULT_RUN_DIR);
    const refusal = runDirRefusal(runDir);
    if (refusal !== undefined) throw new Error(refusal);
    checkPrerequisites();
    const stackFile = resolve(opts.stackFile);
    const plan = planFromStack(stackFile, opts.passwords);
    const topo = topology(plan);
    // One lab run per machine (namespaces are machine-wide); a wait is said even when nothing else is logged.
    await claimMachine(runDir, labNamespaces(topo), opts.log ?? stderrLine);
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, RUN_DIR_MARK), "");
    const state = new LabState(runDir);
    writeFileSync(join(runDir, "plan.json"), JSON.stringify(plan, null, 1));
    const passwords = opts.passwords ?? {};
    const bgp = nodeBgp(plan, undefined, passwords);
    state.setMeta("stackFile", stackFile);
    state.setMeta("transport", topo.transport);
    const ssh = sshClient(runDir, topo.clientNs, passwords);
    const lab = new Lab(state, plan, topo, bgp, ssh, log);
    log(
      `plan ${plan.datacenter}: ${plan.zones.length} zones, ${plan.switches.length} core switches, ${topo.nodes.length} nodes, ${plan.sessions.length} BGP sessions, transport ${topo.transport}`,
    );
    await lab.build({
      segments: topo.segments,
      switches: topo.switches,
      nodes: opts.infraOnly ? [] : topo.nodes,
      commands: opts.infraOnly ? [] : plan.switches,
      pick: () => true,
    });
    if (!opts.infraOnly) await lab.waitConverged(60_000);
    return lab;
  }

  /**
   * The node side of an `infraOnly` lab: every node configured from `bgp` (the e2e's read-back of the API server):
   * nodes not running yet start, running nodes whose inputs changed are reconfigured in place (as confd does); then
   * it waits until every planned session is Established and every LB /32 ECMP'd (unless `wait` is false).
   */
  async applyNodeBgp(
    bgp: NodeBgp[],
    timeoutMs = 90_000,
    opts: { wait?: boolean } = {},
  ): Promise<{ started: string[]; reconfigured: string[]; convergedMs: number }> {
    const reconfigured = this.confd(bgp);
    const running = (n: LabNode) => this.state.find("bird", n.ns) !== undefined;
    const fresh = this.topo.nodes.filter(
      (n) => !running(n) && bgp.some((b) => b.node.name === n.name),
    );
    await this.launchNodes(fresh);
    // `wait: false`: nodes started ahead of the switch commands that peer with them (the e2e before `pulumi up`).
    const convergedMs = opts.wait === false ? 0 : await this.waitConverged(timeoutMs);
    return { started: fresh.map((n) => n.name), reconfigured, convergedMs };
  }

  /**
   * What every calico-node's confd does when a BGPPeer or a Secret it reads changes: running nodes whose inputs
   * changed get their BIRD reconfigured in place; returns their names. No wait for convergence.
   */
  confd(bgp: NodeBgp[]): string[] {
    const before = this.bgp;
    this.bgp = bgp;
    const running = (n: LabNode) => this.state.find("bird", n.ns) !== undefined;
    const reconfigured: string[] = [];
    for (const n of this.topo.nodes.filter(running)) {
      const b = this.bgpOf(n.name);
      const was = before.find((x) => x.node.name === n.name);
      if (JSON.stringify(was) !== JSON.stringify(b)) {
        this.reconfigureNode(n.name, b);
        reconfigured.push(n.name);
        // A node started before MetalLB assigned its IPs serves them once it announces them.
        if (was) updateServiceAddresses(n, was, b);
        if (
          b.serviceRoutes.some((r) => r.endsWith("/32")) &&
          this.state.find("responder", n.ns) === undefined
        )
          startResponder(this.state, n);
      }
    }
    return reconfigured;
  }

  /**
   * A password change as the stack config makes it (`bgpPasswords`), as `pulumi up` orders it: first the drain
   * commands (their stdin changed; the zone's Secret waits for them), then two halves in either order: the switch
   * side re-runs the base commands whose stdin carries the password (what `pulumi up` does for a changed stdin), the
   * node side is confd reloading the Secret. Each step returns what it touched.
   */
  async applySwitchDrains(
    passwords: Record<string, ZonePasswords>,
    switches: SwitchPlan[],
  ): Promise<string[]> {
    return this.runWithSecret(passwords, switches, (c) => c.kind === "drain");
  }

  async applySwitchPasswords(
    passwords: Record<string, ZonePasswords>,
    switches: SwitchPlan[],
  ): Promise<string[]> {
    return this.runWithSecret(passwords, switches, (c) => c.kind !== "drain");
  }

  private async runWithSecret(
    passwords: Record<string, ZonePasswords>,
    switches: SwitchPlan[],
    kind: (c: SwitchCommand) => boolean,
  ): Promise<string[]> {
    this.ssh.passwords = passwords;
    const pick = (c: SwitchCommand) => kind(c) && c.stdin?.includes(SECRET_PLACEHOLDER) === true;
    await runAll(this.ssh, switches, "create", pick);
    return switches.flatMap((sw) => sw.commands.filter(pick).map((c) => c.name));
  }

  applyNodePasswords(passwords: Record<string, ZonePasswords>): string[] {
    return this.confd(nodeBgp(this.plan, undefined, passwords));
  }

  /** Node hosts, their BIRD, and an HTTP responder on each node announcing an LB /32; returns the responders. */
  private async launchNodes(nodes: LabNode[]): Promise<LabNode[]> {
    // The emulation's pod address goes on lo; Calico's own node side gets its pods from Calico's IPAM instead.
    for (const node of nodes)
      createNodeHost(this.state, node, this.bgpOf(node.name), { podAddress: !this.nodeSide });
    await Promise.all(nodes.map((node) => this.startNodeBgp(node)));
    const responders = nodes.filter((node) =>
      this.bgpOf(node.name).serviceRoutes.some((r) => r.endsWith("/32")),
    );
    for (const node of responders) startResponder(this.state, node);
    return responders;
  }

  /** Removes every namespace and process of the lab in `runDir` (by recorded name and PID). */
  static async down(runDir = DEFAULT_RUN_DIR, log?: (line: string) => void): Promise<void> {
    const say = log ?? (() => {});
    await withMachine(runDir, log ?? stderrLine, async () => {
      if (!LabState.exists(runDir)) say(`no lab state in ${runDir}: nothing to remove`);
      else await new LabState(runDir).teardown(say);
    });
  }

  private recordTransport(): void {
    this.state.setMeta(
      "transportAddresses",
      Object.fromEntries(this.topo.switches.map((s) => [s.ns, s.transportAddress])),
    );
  }

  private async build(parts: BuildParts): Promise<void> {
    const { segments, switches, nodes } = parts;
    const t0 = Date.now();
    const step = (what: string) =>
      this.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${what}`);
    this.recordTransport();
    for (const s of segments)
      if (!this.state.namespaces.includes(s.ns)) addSegment(this.state, s.ns);
    step(`${segments.length} L2 segments (bridges): ${segments.map((s) => s.ns).join(", ")}`);

    const keyFile = this.ssh.keyFile;
    if (!existsSync(keyFile)) newEd25519Key(keyFile, "bgp-fabric lab operator");
    const pub = readFileSync(`${keyFile}.pub`, "utf8");
    for (const sw of switches) {
      addNamespace(this.state, sw.ns);
      for (const l of sw.links) connect(sw.ns, l);
    }
    await Promise.all(switches.map((sw) => startSwitch(this.state, sw, this.topo, pub)));
    step(
      `${switches.length} core switches: FRR + sshd with the pre-existing config (router bgp, transport eBGP)`,
    );

    if (!this.state.namespaces.includes(this.topo.clientNs)) {
      await startClient(this.state, this.topo);
      step(
        `external client ${this.topo.clientAddress} AS${this.topo.clientAsn}: eBGP to every core switch`,
      );
    }
    await waitFor(
      "the client's routes to every switch's SSH address",
      () =>
        switches.every((sw) => nexthops(this.topo.clientNs, sw.nodeCidr).length > 0)
          ? true
          : undefined,
      45_000,
    );
    for (const sw of switches)
      writeFileSync(
        join(this.state.dir, "hosts", sw.ns, "pre-plan.conf"),
        runningConfig(this.state, sw),
      );
    step(
      "transport up; switch running configs saved before the plan (hosts/<switch>/pre-plan.conf)",
    );

    // Nodes first, as in a datacenter where calico-node runs before the switches are configured: each neighbor
    // command's health check waits for its session (docs/commit-confirm.md).
    const responders = await this.launchNodes(nodes);
    step(
      `${nodes.length} nodes: BIRD from the plan's Calico objects; HTTP responders on ${responders.map((x) => x.name).join(", ")}`,
    );

    const n = await runAll(this.ssh, parts.commands, "create", parts.pick);
    step(
      `${n} plan switch commands applied over SSH (${this.ssh.keyFile.split("/").pop()}, one session per command, each neighbor confirmed once its session is Established)`,
    );
  }

  bgpOf(node: string): NodeBgp {
    const b = this.bgp.find((x) => x.node.name === node);
    if (!b) throw new Error(`lab: no node ${node}`);
    return b;
  }

  node(name: string): LabNode {
    const n = this.topo.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`lab: no node ${name}`);
    return n;
  }

  /**
   * LoadBalancer /32s (and, dual-stack, /128s) and, per switch, the addresses its FIB must hold for them (its zone's
   * announcing nodes, by the address of the LB's family).
   */
  loadBalancerIps(): string[] {
    return [...new Set(this.bgp.flatMap(lbAddresses))].sort();
  }

  expectedLbNexthops(sw: LabSwitch, lb: string): string[] {
    return this.bgp
      .filter((b) => b.node.zone === sw.zone && lbAddresses(b).includes(lb))
      .map((b) => (lb.endsWith("/128") ? b.v6!.address : b.node.address))
      .sort();
  }

  /** Every plan session Established on both ends, and every switch holding each LB /32 via each announcing node. */
  async converged(): Promise<string | undefined> {
    const snap = await snapshot(this.state, this.topo);
    const down = sessionStates(this.plan, this.topo, snap).filter((s) => !established(s));
    if (down.length > 0)
      return `${down.length} sessions not established, e.g. ${down[0].session.a.name}-${down[0].session.b.name} (${down[0].a}/${down[0].b})`;
    for (const sw of this.topo.switches) {
      for (const lb of this.loadBalancerIps()) {
        const want = this.expectedLbNexthops(sw, lb);
        const got = nexthops(sw.ns, lb);
        if (want.length > 0 && got.join() !== want.join())
          return `${sw.ns} routes ${lb} via [${got.join(", ")}], expected [${want.join(", ")}]`;
      }
    }
    return undefined;
  }

  async waitConverged(timeoutMs: number): Promise<number> {
    const t0 = Date.now();
    let last = "";
    await waitFor(
      "convergence",
      async () => {
        last = (await this.converged()) ?? "";
        return last === "" ? true : undefined;
      },
      timeoutMs,
      250,
    ).catch((e: Error) => {
      throw new Error(`${e.message}: ${last}`);
    });
    const s = Date.now() - t0;
    this.log(
      `converged: ${this.plan.sessions.length} plan sessions Established on both ends, LB /32 ECMP in place (${(s / 1000).toFixed(1)} s)`,
    );
    return s;
  }

  async report(): Promise<string> {
    const snap = await snapshot(this.state, this.topo);
    return [
      "BGP sessions of the plan (each end's own view)",
      sessionTable(this.plan, this.topo, snap),
      "",
      "Transport (the lab's pre-existing eBGP between zones and to the client)",
      transportTable(this.topo, snap),
      "",
      "Routes in the kernel FIB",
      routeTable(this.plan, this.topo, this.bgp),
    ].join("\n");
  }

  /**
   * The network team's undo of addZones: every other switch drops its transport peering with the switches of
   * `zones`, so its running config is again what it was before those zones were added (plan config aside).
   */
  removeTransportTo(zones: string[]): void {
    const gone = this.topo.switches.filter((s) => zones.includes(s.zone));
    for (const sw of this.topo.switches.filter((s) => !zones.includes(s.zone)))
      vtysh(this.state, sw, [
        "configure terminal",
        `router bgp ${sw.asn}`,
        ...gone.map((o) => `no neighbor ${o.transportAddress}`),
        "end",
      ]);
  }

  // ---- failures, used by the drills ----------------------------------------------------------------------------

  /** Silent death: every cable of the host leaves its bridge; the host keeps running, nobody is told. */
  unplugHost(ns: string): void {
    for (const l of this.linksOf(ns)) unplug(l);
  }

  plugHost(ns: string): void {
    for (const l of this.linksOf(ns)) plug(l);
  }

  private linksOf(ns: string) {
    if (ns === this.topo.clientNs) return [clientLink(this.topo)];
    const h = [...this.topo.switches, ...this.topo.nodes].find((x) => x.ns === ns);
    if (!h) throw new Error(`lab: no host ${ns}`);
    return h.links;
  }

  async crashNode(name: string): Promise<void> {
    await stopNode(this.state, this.node(name).ns, "SIGKILL");
  }

  async restartNode(name: string): Promise<void> {
    const n = this.node(name);
    await stopNode(this.state, n.ns, "SIGTERM");
    await this.startNodeBgp(n);
    if (this.bgpOf(name).serviceRoutes.some((r) => r.endsWith("/32")))
      startResponder(this.state, n);
  }

  /** What confd does when a node's BGP inputs change: rewrite bird.conf and reconfigure in place. */
  reconfigureNode(name: string, b: NodeBgp): string {
    const n = this.node(name);
    if (this.nodeSide) return this.nodeSide.reconfigure(n, b);
    return reconfigureBird(this.state, n.ns, writeBirdConfig(this.state.dir, n, b));
  }

  async stopNodeProcesses(name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    await stopNode(this.state, this.node(name).ns, signal);
  }

  // ---- growth -------------------------------------------------------------------------------------------------

  /**
   * Adds the zones of `next` (a re-plan of the stack with more zones) to the running lab: only the new hosts are
   * built and only the new switch commands run; existing nodes get confd's in-place BIRD reconfiguration when their
   * inputs changed (e.g. a new IPPool). Returns the names of the commands run and the nodes reconfigured.
   */
  async addZones(
    next: NetworkPlan,
    opts: { infraOnly?: boolean } = {},
  ): Promise<{ commands: string[]; reconfigured: string[]; changedCommands: string[] }> {
    const oldZones = new Set(this.plan.zones.map((z) => z.name));
    const oldCommands = new Map(
      this.plan.switches.flatMap((s) => s.commands.map((c) => [c.name, c] as const)),
    );
    const topo = topology(
      next,
      this.state.meta.transportAddresses as Record<string, string>,
      this.topo.transport,
    );
    const bgp = nodeBgp(next, undefined, this.ssh.passwords);
    const newSwitches = topo.switches.filter((s) => !oldZones.has(s.zone));
    const newNodes = topo.nodes.filter((n) => !oldZones.has(n.zone));
    const changedCommands = next.switches
      .filter((s) => oldZones.has(s.zone))
      .flatMap((s) => s.commands)
      .filter(
        (c) =>
          oldCommands.has(c.name) && JSON.stringify(oldCommands.get(c.name)) !== JSON.stringify(c),
      )
      .map((c) => c.name);
    const before = { plan: this.plan, topo: this.topo, bgp: this.bgp };
    this.plan = next;
    this.topo = topo;
    this.bgp = bgp;
    writeFileSync(join(this.state.dir, "plan.json"), JSON.stringify(next, null, 1));

    // The network team's part: existing core switches and the client peer with the new zone's switches.
    for (const sw of topo.switches.filter((s) => oldZones.has(s.zone))) {
      const lines = newSwitches
        .flatMap((o) => transportNeighbor(o.transportAddress, o.asn, `${o.zone} ${o.name}`))
        .map((l) => l.trim());
      const t = sw.plan.transport;
      const bind = newSwitches
        .flatMap((o) => transportPolicyBinding(o.transportAddress, t.routeMapIn, t.routeMapOut))
        .map((l) => l.trim());
      vtysh(this.state, sw, [
        "configure terminal",
        `router bgp ${sw.asn}`,
        ...lines,
        "address-family ipv4 unicast",
        ...bind,
        "end",
      ]);
    }
    writeClientConfig(this.state, topo);
    sh("birdc", ["-s", join(this.state.dir, "hosts", topo.clientNs, "bird.ctl"), "configure"]);

    const newSegments = topo.segments.filter(
      (s) => !before.topo.segments.some((o) => o.ns === s.ns),
    );
    const isNew = (c: { name: string }) => !oldCommands.has(c.name);
    // With `infraOnly` (the e2e), `pulumi up` runs the commands and applyNodeBgp configures the nodes.
    const newCommandSwitches: SwitchPlan[] = opts.infraOnly
      ? []
      : next.switches.filter((s) => s.commands.some(isNew));
    // Build wires + switches first (commands need them), then nodes after the commands, as in `up`.
    const reconfigured: string[] = [];
    if (opts.infraOnly) this.bgp = before.bgp;
    for (const b of opts.infraOnly ? [] : bgp.filter((x) => oldZones.has(x.node.zone))) {
      const old = before.bgp.find((x) => x.node.name === b.node.name);
      if (JSON.stringify(old) !== JSON.stringify(b)) {
        this.reconfigureNode(b.node.name, b);
        reconfigured.push(b.node.name);
      }
    }
    await this.build({
      segments: newSegments,
      switches: newSwitches,
      nodes: opts.infraOnly ? [] : newNodes,
      commands: newCommandSwitches,
      pick: isNew,
    });
    const commands = newCommandSwitches.flatMap((s) => s.commands.filter(isNew).map((c) => c.name));
    return { commands, reconfigured, changedCommands };
  }
}
