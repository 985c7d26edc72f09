// The real-engine e2e: the lab datacenter (FRR switches, BIRD nodes, the client), a Kubernetes control plane with
// kwok, and the real Pulumi CLI with its providers running the program. Each step is timed and its figure goes into
// the report; the first failed check stops the run (the report says which).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { nodeBgp } from "../lab/calico-bird";
import { birdChanges, frrFlaps } from "../lab/flaps";
import { Lab } from "../lab/lab";
import { established as isEstablished, nexthops, sessionStates, snapshot } from "../lab/observe";
import { planFromStack } from "../lab/plan-source";
import { httpLoad } from "../lab/probes";
import { waitFor } from "../lab/sh";
import { runningConfig } from "../lab/switch-frr";
import { readRaw, withExtraZone, writeStack } from "../lab/zone-gen";
import {
  localCharts,
  pinHostKeys,
  plaintextHits,
  writePulumiConfig,
  type ChartDirs,
} from "./stack-config";
import { mirrorChart } from "../cli/chart-mirror";
import { ANNOTATIONS, LABELS, names } from "../model/core/names";
import { NAMESPACE } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";
import {
  SHARED,
  calicoCrdDir,
  installCrds,
  nodesReady,
  nodesAnnotated,
  registerNode,
  type Registration,
} from "./cluster-prep";
import { startControlPlane, type ControlPlane } from "./control-plane";
import { KindResolver, type KubeReader } from "./kube-client";
import { MetallbRunner } from "./metallb-runner";
import { exampleStep, isExampleStack } from "./example-step";
import { pulumiStep, type PulumiEnv } from "./pulumi";
import { policyStep } from "./policy-step";
import { livePlan, liveServices } from "./readback";
import {
  drainBeforeDestroy,
  drainedLabelAfter,
  drainStep,
  type DrainContext,
  type DrainReport,
} from "./drain-step";
import { rolloutDrill, type RolloutDrillReport } from "./rollout-drill";
import { buildTools, type Tools } from "./tools";
import { CONFD_MODULE_VERSION } from "./confd/confd-side";
import { ConfdRun, confdStack } from "./confd/confd-run";

export interface E2eOptions {
  stackFile: string;
  stackName: string;
  runDir: string;
  keep: boolean;
  /** Who configures the nodes' BGP: Calico's confd or the lab's emulation (lab/calico-bird.ts). */
  nodeSide: NodeSideName;
  log: (line: string) => void;
}

export type NodeSideName = "calico-confd" | "emulation";

export interface E2eReport {
  stack: string;
  ok: boolean;
  failed?: string;
  nodeSide: NodeSideName;
  /** The github.com/projectcalico/calico module version confd was built from (calico-confd only). */
  confdModuleVersion: string | null;
  /** Nodes whose BIRD ran confd's rendering: every planned node. */
  confdNodes: number;
  /** confd's rendering against the emulation's (e2e/confd/differential.ts), after the first `up`. */
  differential: { nodes: number; findings: string[] } | null;
  /** Checks that passed and failed: each `check` of the run (the first failure stops it). */
  checks: { passed: number; failed: number };
  created: number;
  reUpChanges: number;
  previewNoChanges: boolean;
  sessionsPlanned: number;
  sessionsEstablished: number;
  ecmpOk: boolean;
  loadBalancers: { service: string; ip: string; nodes: string[] }[];
  http: { requests: number; ok: number; nodes: number };
  workerAsn: {
    node: string;
    zone: string;
    annotation: string | null;
    expected: string;
    /** The annotation after a merge patch removed it (null: the policy kept the removal). */
    afterRemoval: string | null;
  } | null;
  addZone: { zone: string; changes: Record<string, number>; flaps: string[] } | null;
  /** Drain as config (docs/drain.md): one ingress node drained and undrained by `pulumi up` under HTTP load. */
  drain: DrainReport | null;
  /** The zone-by-zone rollout drill (e2e/rollout-drill.ts). */
  rollout: RolloutDrillReport | null;
  /** The destroy ran with an ingress node drained (its waits created by the `up` before it). */
  drainedAtDestroy: boolean;
  destroyRestored: boolean;
  switchesDiffering: string[];
  objectsLeft: string[];
  patchedFieldsLeft: string[];
  secretsInState: number;
  seconds: Record<string, number>;
}

type Raw = Record<string, unknown>;
interface RawSwitch {
  sshHostKey?: string;
  [k: string]: unknown;
}

const PROJECT = "bgp-fabric";
/** Pod IPs kwok hands out: outside every lab subnet (10.x node/pod ranges, 203.0.113.0/24 LB pools). */
const KWOK_POD_CIDR = "100.64.0.0/16";

function emptyReport(stack: string, nodeSide: NodeSideName): E2eReport {
  return {
    stack,
    ok: false,
    nodeSide,
    confdModuleVersion: nodeSide === "calico-confd" ? CONFD_MODULE_VERSION : null,
    confdNodes: 0,
    differential: null,
    checks: tally,
    created: 0,
    reUpChanges: -1,
    previewNoChanges: false,
    sessionsPlanned: 0,
    sessionsEstablished: 0,
    ecmpOk: false,
    loadBalancers: [],
    http: { requests: 0, ok: 0, nodes: 0 },
    workerAsn: null,
    addZone: null,
    drain: null,
    rollout: null,
    drainedAtDestroy: false,
    destroyRestored: false,
    switchesDiffering: [],
    objectsLeft: [],
    patchedFieldsLeft: [],
    secretsInState: -1,
    seconds: {},
  };
}

class CheckFailed extends Error {}

/** Checks passed and failed in this process's run (the first failure ends the run). */
const tally = { passed: 0, failed: 0 };

function check(cond: boolean, what: string): void {
  if (!cond) {
    tally.failed++;
    throw new CheckFailed(what);
  }
  tally.passed++;
}

const sum = (c: Record<string, number>, keys: string[]) =>
  keys.reduce((n, k) => n + (c[k] ?? 0), 0);
const CHANGE_KEYS = [
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
];

/** Every planned node as its kubelet registers it (the plan's `nodeRegistrations`) at its planned address. */
export function registrations(plan: NetworkPlan): Registration[] {
  const address = new Map(
    plan.zones
      .flatMap((z) => [...z.reflectors, ...z.ingressNodes, ...z.workers])
      .map((n) => [n.name, n.address]),
  );
  return plan.nodeRegistrations.map((r) => ({
    name: r.node,
    labels: r.labels,
    address: address.get(r.node)!,
    taints: r.taints,
  }));
}

/**
 * Counted on the wire: planned sessions Established on both ends, and every switch holding each LB /32 via every
 * node of its zone that announces it (at least two: ECMP).
 */
async function onTheWire(
  lab: Lab,
  plan: NetworkPlan,
): Promise<{ established: number; ecmp: string[] }> {
  const snap = await snapshot(lab.state, lab.topo);
  const established = sessionStates(plan, lab.topo, snap).filter(isEstablished).length;
  const ecmp: string[] = lab.loadBalancerIps().length > 0 ? [] : ["no LoadBalancer /32 announced"];
  for (const sw of lab.topo.switches)
    for (const lb of lab.loadBalancerIps()) {
      const want = lab.expectedLbNexthops(sw, lb);
      const got = nexthops(sw.ns, lb);
      if (want.length < 2 || got.join() !== want.join())
        ecmp.push(
          `${sw.ns} ${lb} via [${got.join(", ")}], want [${want.join(", ")}] (two or more)`,
        );
    }
  return { established, ecmp };
}

/**
 * The shared upstream charts at the stack's versions: MetalLB's as it is, the F5 NGINX chart through the mirror
 * command (its values.schema.json `$ref`s schemas by https URL, which an offline Helm cannot resolve).
 */
export function chartDirs(plan: NetworkPlan, runDir: string): ChartDirs {
  const metallb = join(SHARED, "charts", `metallb-${plan.versions.metallb}`);
  const nginx = join(SHARED, "charts", `nginx-ingress-${plan.versions.ingress}`);
  for (const d of [metallb, nginx])
    if (!existsSync(d))
      throw new Error(`e2e: no chart ${d}; use a stack whose chart versions shared/charts holds`);
  const ingress = join(runDir, "charts", `nginx-ingress-${plan.versions.ingress}`);
  mkdirSync(join(runDir, "charts"), { recursive: true });
  mirrorChart(nginx, ingress);
  return { metallb, ingress };
}

/** Waits until every named node holds a ready endpoint of a LoadBalancer Service; returns the seconds waited. */
async function ingressReady(kube: KubeReader, nodes: string[]): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    `ready ingress endpoints on ${nodes.join(", ")}`,
    async () => {
      const services = await liveServices(kube);
      return nodes.every((n) => services.some((svc) => svc.nodes.includes(n))) ? true : undefined;
    },
    120_000,
    500,
  );
  return Math.round((Date.now() - t0) / 100) / 10;
}

/** The SSH host key each lab switch generated (its .pub file), by zone and switch name. */
function labHostKeys(lab: Lab): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const sw of lab.topo.switches)
    (out[sw.zone] ??= {})[sw.name] = readFileSync(
      join(lab.state.dir, "hosts", sw.ns, "ssh_host_ed25519_key.pub"),
      "utf8",
    );
  return out;
}

export async function runE2e(o: E2eOptions): Promise<E2eReport> {
  const report = emptyReport(o.stackName, o.nodeSide);
  const log = o.log;
  const timed = async <T>(step: string, f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    log(`== ${step}`);
    try {
      return await f();
    } finally {
      report.seconds[step] = Math.round((Date.now() - t0) / 100) / 10;
    }
  };
  let lab: Lab | undefined;
  let runner: MetallbRunner | undefined;
  try {
    const tools: Tools = await timed("tools", async () => buildTools(log));
    // With Calico's confd the stack plans for confd's own release (e2e/confd).
    const confd = o.nodeSide === "calico-confd" ? new ConfdRun(tools, log) : undefined;
    const stackFile0 = confd ? confdStack(o.stackFile, o.runDir) : o.stackFile;
    lab = await timed("lab", () =>
      Lab.up({ stackFile: stackFile0, runDir: o.runDir, log, infraOnly: true }),
    );
    const theLab = lab;
    const plan = lab.plan;
    report.sessionsPlanned = plan.sessions.length;
    const minor = Number(plan.versions.kubernetes.split(".")[1]);
    const serviceCidr = String(
      (readRaw(stackFile0).kubernetes as Raw | undefined)?.serviceCidr ?? "10.96.0.0/16",
    );
    const cp: ControlPlane = await timed("control-plane", () =>
      startControlPlane({
        state: theLab.state,
        ns: theLab.topo.clientNs,
        tools,
        kubernetesMinor: minor,
        serviceCidr,
        advertiseAddress: theLab.topo.clientAddress,
        podCidr: KWOK_POD_CIDR,
        log,
      }),
    );
    const kube = cp.kube;
    const kinds = new KindResolver(kube);
    await timed("cluster-prep", async () => {
      const crds = await installCrds(kube, confd?.crdDir() ?? calicoCrdDir(plan.versions.calico));
      const regs = registrations(plan);
      for (const r of regs) await registerNode(kube, r);
      await confd?.registered(
        kube,
        plan,
        regs.map((r) => r.name),
      );
      await nodesReady(
        kube,
        regs.map((r) => r.name),
      );
      log(
        `${crds.length} Calico ${plan.versions.calico} CRDs; ${regs.length} Nodes registered as their kubelets would, Ready through kwok`,
      );
    });

    // The Pulumi project: a work dir in the run dir, a file backend, a passphrase secrets provider.
    const work = join(o.runDir, "pulumi");
    for (const d of ["project", "state", "home"]) mkdirSync(join(work, d), { recursive: true });
    const env: PulumiEnv = {
      ns: lab.topo.clientNs,
      tools,
      workDir: join(work, "project"),
      stateDir: join(work, "state"),
      home: join(work, "home"),
      kubeconfig: cp.kubeconfig,
      passphrase: "bgp-fabric-e2e-passphrase",
      stack: o.stackName,
      project: PROJECT,
      log: (l) => log(`   | ${l}`),
    };
    const stackFile = join(env.workDir, `Pulumi.${o.stackName}.yaml`);
    const secretKeys = [`${NAMESPACE}:switchSshPrivateKey`, `${NAMESPACE}:bgpPasswords`];
    const charts = chartDirs(plan, o.runDir);
    let raw = localCharts(pinHostKeys(readRaw(stackFile0), labHostKeys(lab)), charts);
    writePulumiConfig(stackFile, raw, secretKeys);
    const privateKey = readFileSync(lab.ssh.keyFile, "utf8");
    const step = async (op: Parameters<typeof pulumiStep>[1], extra = {}) => {
      const r = await pulumiStep(env, op, extra);
      // The engine's own `error:` lines say what failed; the full output is in the step's log.
      const errors = r.output
        .split("\n")
        .filter((l) => /^\s*error:/.test(l))
        .map((l) => l.trim());
      check(
        r.ok,
        `pulumi ${op} failed: ${[...new Set(errors)].slice(0, 3).join(" | ") || r.error}`,
      );
      return r;
    };
    await timed("pulumi-init", () =>
      step("init", { secrets: { [`${NAMESPACE}:switchSshPrivateKey`]: privateKey } }),
    );

    const metallb = plan.helmReleases.find((r) => r.resourceName === names.metallbRelease.resource);
    runner = new MetallbRunner(
      kube,
      lab.state,
      lab.topo.clientNs,
      tools.bin("metallb-controller"),
      cp.kubeconfig,
      metallb?.namespace ?? "metallb-system",
      log,
    );
    runner.start();

    // calico-node runs before a datacenter's switches are configured: each node's BIRD starts from the plan's Calico
    // objects (no LoadBalancer IP yet) ahead of `up`, whose neighbor commands wait for their sessions before they
    // save (docs/commit-confirm.md); after `up` the nodes are reconfigured from what the API server holds.
    await timed("nodes-before-up", async () => {
      confd?.attach(theLab, cp.kubeconfig);
      const r = await theLab.applyNodeBgp(nodeBgp(plan, []), 0, { wait: false });
      log(`${r.started.length} nodes' BIRD started ahead of the health-checked switch commands`);
      // The workers registered before their zone's admission policy exists: no AS yet (what `sessions` then shows
      // arriving with a status report).
      const workers = new Set(plan.zones.flatMap((z) => z.workers.map((n) => n.name)));
      const early = (await kube.list("/api/v1/nodes")).filter((n) => {
        const m = n.metadata as { name: string; annotations?: Record<string, string> };
        return workers.has(m.name) && m.annotations?.[ANNOTATIONS.asNumber] !== undefined;
      });
      check(early.length === 0, `workers had an AS before the first up: ${early.length}`);
    });

    const preview = await timed("preview", () => step("preview"));
    log(`preview: ${JSON.stringify(preview.changes)}`);
    check((preview.changes.create ?? 0) > 0, "the first preview plans no creates");
    const up = await timed("up", () => step("up"));
    report.created = up.changes.create ?? 0;
    check(
      report.created === preview.changes.create,
      `up created ${report.created}, preview planned ${preview.changes.create}`,
    );
    const reUp = await timed("re-up", () => step("up"));
    report.reUpChanges = sum(reUp.changes, CHANGE_KEYS);
    check(report.reUpChanges === 0, `the second up changed ${JSON.stringify(reUp.changes)}`);
    await timed("preview-no-changes", () => step("preview", { expectNoChanges: true }));
    report.previewNoChanges = true;
    // The policy pack (policy/) passes on the deployed stack and fails each break of one rule (previews only).
    await timed("policy", () => policyStep({ env, stackFile, raw, secretKeys, check, log }));
    // The same datacenter from the library in code (examples/two-zones, the lab's): no change to what the stack file
    // deployed.
    if (isExampleStack(o.stackFile)) {
      const example = await timed("example", () => exampleStep({ stackFile, raw, step, log }));
      check(sum(example, CHANGE_KEYS) === 0, `the example changed ${JSON.stringify(example)}`);
    } else log("example: skipped (examples/two-zones is the datacenter of Pulumi.lab.yaml)");

    // The nodes' BIRD from what the API server holds, then every planned session and LB /32 on the wire.
    await timed("sessions", async () => {
      // Helm's wait can pass before the DaemonSet has pods (it reads a status the controller has not filled yet):
      // the ingress nodes announce once their pods are Ready (finding of the first real runs; see docs/e2e.md).
      report.seconds["ingress-ready-after-up"] = await ingressReady(
        kube,
        plan.zones.flatMap((z) => z.ingressNodes.map((n) => n.name)),
      );
      // The workers were registered before `up` created their zone's admission policy: their AS comes with their
      // kubelet's next status report (model/plan/kubernetes.ts asnPolicy), and confd re-renders them on it.
      report.seconds["workers-annotated-after-up"] = await nodesAnnotated(
        kube,
        new Map(plan.zones.flatMap((z) => z.workers.map((n) => [n.name, String(z.asn)]))),
        ANNOTATIONS.asNumber,
      );
      // The program patches only masters and ingress nodes, and the policy's CREATE never saw these workers: the AS
      // came with a status report (kwok's, every 10-11 s).
      const live = await livePlan(plan, kube, kinds);
      check(live.missing.length === 0, `after up the API server lacks ${live.missing.join(", ")}`);
      const services = await liveServices(kube);
      report.loadBalancers = services.map((s) => ({ service: s.name, ip: s.ip, nodes: s.nodes }));
      check(services.length > 0, "no LoadBalancer Service got an IP from MetalLB");
      confd?.podsOn(theLab, cp.kubeconfig);
      const r = await theLab.applyNodeBgp(nodeBgp(live.plan, services), 120_000);
      const problems = confd?.problems(theLab) ?? [];
      check(problems.length === 0, problems.join("; "));
      report.confdNodes = confd?.side?.configured.size ?? 0;
      report.differential = (await confd?.differential(theLab)) ?? null;
      if (report.differential)
        log(
          `differential (confd vs lab/calico-bird.ts): ${report.differential.nodes} nodes, ${report.differential.findings.length} findings${report.differential.findings.map((f) => `\n   ${f}`).join("")}`,
        );
      const counted = await onTheWire(theLab, plan);
      report.sessionsEstablished = counted.established;
      report.ecmpOk = counted.ecmp.length === 0;
      check(report.ecmpOk, `LB /32 not ECMP'd: ${counted.ecmp.join("; ")}`);
      log(
        `${r.started.length} nodes started from the read-back; converged in ${(r.convergedMs / 1000).toFixed(1)} s`,
      );
      const url = `http://${services[0].ip}/`;
      const http = await httpLoad(theLab.topo.clientNs, url, 200, 200);
      report.http = {
        requests: http.requests,
        ok: http.ok,
        nodes: Object.keys(http.byNode).length,
      };
      check(http.failed === 0, `${http.failed} of ${http.requests} HTTP requests to ${url} failed`);
      // Every difference between confd's rendering and the emulation's is a finding (docs/e2e.md).
      const findings = report.differential?.findings ?? [];
      check(
        findings.length === 0,
        `confd's rendering differs from lab/calico-bird.ts: ${findings.join("; ")}`,
      );
    });

    // A change to two zones whose first zone fails its health check leaves the second untouched.
    report.rollout = await timed("rollout-drill", () =>
      rolloutDrill({
        lab: theLab,
        plan,
        raw,
        write: (r) => writePulumiConfig(stackFile, r, secretKeys),
        up: () => pulumiStep(env, "up"),
        check,
        stateDir: env.stateDir,
        ingressReady: (nodes) => ingressReady(kube, nodes),
        log,
      }),
    );

    // A worker joins with only its zone label: the real admission policy gives it the zone's AS.
    await timed("worker-join", async () => {
      const z = plan.zones[0];
      const name = `e2e-${z.name}-late-worker`;
      const node = await registerNode(kube, {
        name,
        labels: { [LABELS.zone]: z.name },
        address: "192.0.2.250",
        taints: [],
      });
      const ann = (node.metadata as { annotations?: Record<string, string> }).annotations ?? {};
      // The update that removes the annotation keeps it removed (what `pulumi destroy` releasing a patch needs:
      // the policy's keeps-a-removal condition).
      const removed = await kube.call(
        "PATCH",
        `/api/v1/nodes/${name}`,
        { metadata: { annotations: { [ANNOTATIONS.asNumber]: null } } },
        "application/merge-patch+json",
      );
      const after =
        (removed.metadata as { annotations?: Record<string, string> }).annotations?.[
          ANNOTATIONS.asNumber
        ] ?? null;
      report.workerAsn = {
        node: name,
        zone: z.name,
        annotation: ann[ANNOTATIONS.asNumber] ?? null,
        expected: String(z.asn),
        afterRemoval: after,
      };
      await kube.delete(`/api/v1/nodes/${name}`);
      check(
        after === null,
        `the admission policy put back the AS annotation an update removed from ${name} (${after})`,
      );
      check(
        ann[ANNOTATIONS.asNumber] === String(z.asn),
        `worker ${name} got AS annotation ${ann[ANNOTATIONS.asNumber]}, expected ${z.asn}`,
      );
    });

    // Drain as config: the label through the real kubernetes provider, the waits through the command provider.
    const drainContext = async (): Promise<DrainContext> => ({
      lab: theLab,
      plan: theLab.plan,
      kube,
      kinds,
      services: await liveServices(kube),
      raw,
      setConfig: (r) => writePulumiConfig(stackFile, r, secretKeys),
      up: () => step("up"),
      check,
      log,
      runDir: o.runDir,
    });
    await timed("drain", async () => {
      report.drain = await drainStep(await drainContext());
    });

    // Adding a zone: a stack-config change; only additions, no existing session flaps.
    await timed("add-zone", async () => {
      const { raw: grown, zone } = withExtraZone(readRaw(stackFile0));
      const labFile = join(o.runDir, `Pulumi.${o.stackName}-plus-${zone}.yaml`);
      writeStack(labFile, grown, `${o.stackName} plus generated zone ${zone} (e2e)`);
      const next = planFromStack(labFile);
      const before = await snapshot(theLab.state, theLab.topo);
      const oldSwitches = theLab.topo.switches.map((s) => s.ns);
      const oldNodes = theLab.topo.nodes.map((n) => n.ns);
      const t0 = Date.now();
      await theLab.addZones(next, { infraOnly: true });
      const fresh = new Set(next.zones.find((z) => z.name === zone)!.reflectors.map((n) => n.name));
      for (const n of next.zones.find((z) => z.name === zone)!.ingressNodes) fresh.add(n.name);
      for (const n of next.zones.find((z) => z.name === zone)!.workers) fresh.add(n.name);
      const regs = registrations(next).filter((r) => fresh.has(r.name));
      for (const r of regs) await registerNode(kube, r);
      await confd?.registered(
        kube,
        next,
        regs.map((r) => r.name),
      );
      await nodesReady(
        kube,
        regs.map((r) => r.name),
      );
      raw = localCharts(pinHostKeys(grown, labHostKeys(theLab)), charts);
      writePulumiConfig(stackFile, raw, secretKeys);
      // The new zone's nodes run before its switches are configured (health checks); the others stay as they are.
      await theLab.applyNodeBgp(
        [...theLab.bgp, ...nodeBgp(next, []).filter((b) => fresh.has(b.node.name))],
        0,
        { wait: false },
      );
      const r = await step("up");
      // The DaemonSet grows onto the new zone's ingress nodes once our patches label them; the release does not
      // change, so nothing in the `up` waits for those pods.
      report.seconds["add-zone-ingress-ready"] = await ingressReady(
        kube,
        next.zones.find((z) => z.name === zone)!.ingressNodes.map((n) => n.name),
      );
      const live = await livePlan(next, kube, kinds);
      check(
        live.missing.length === 0,
        `after adding ${zone} the API server lacks ${live.missing.join(", ")}`,
      );
      confd?.podsOn(theLab, cp.kubeconfig);
      await theLab.applyNodeBgp(nodeBgp(live.plan, await liveServices(kube)), 120_000);
      const problems = confd?.problems(theLab) ?? [];
      check(problems.length === 0, problems.join("; "));
      report.confdNodes = confd?.side?.configured.size ?? 0;
      const after = await snapshot(theLab.state, theLab.topo);
      const flaps = [
        ...frrFlaps(before, after, oldSwitches, Date.now() - t0),
        ...birdChanges(before, after, oldNodes),
      ];
      report.addZone = { zone, changes: r.changes, flaps };
      const counted = await onTheWire(theLab, next);
      report.sessionsPlanned = next.sessions.length;
      report.sessionsEstablished = counted.established;
      report.ecmpOk = counted.ecmp.length === 0;
      check(report.ecmpOk, `after adding ${zone}, LB /32 not ECMP'd: ${counted.ecmp.join("; ")}`);
      const nonAdd = sum(
        r.changes,
        CHANGE_KEYS.filter((k) => k !== "create"),
      );
      check(
        nonAdd === 0,
        `adding ${zone} changed existing resources: ${JSON.stringify(r.changes)}`,
      );
      check(flaps.length === 0, `adding ${zone} flapped ${flaps.join(", ")}`);
    });

    // Destroy: the switches exactly as before, every object gone, patched fields given back.
    // Destroy with a node drained: its waits go with their switch neighbors instead of waiting for a return.
    const drained = await drainContext();
    await timed("drain-before-destroy", async () => {
      report.drainedAtDestroy = (await drainBeforeDestroy(drained)).label === "true";
    });
    await timed("destroy", async () => {
      await step("destroy");
      const label = await drainedLabelAfter(drained);
      check(
        label === null,
        `after destroy the drained node still has ${LABELS.excludeFromLb}=${label}`,
      );
      // The zones the e2e added were peered on the transport by the lab (the network team's part): undone first.
      if (report.addZone) theLab.removeTransportTo([report.addZone.zone]);
      for (const sw of theLab.topo.switches) {
        const pre = readFileSync(join(theLab.state.dir, "hosts", sw.ns, "pre-plan.conf"), "utf8");
        if (runningConfig(theLab.state, sw) !== pre) report.switchesDiffering.push(sw.ns);
      }
      report.destroyRestored = report.switchesDiffering.length === 0;
      const final = theLab.plan;
      for (const obj of final.kubernetes) {
        const { apiVersion, kind, metadata } = obj.body;
        const live = await kube.find(
          await kinds.path(apiVersion, kind, metadata.name, metadata.namespace),
        );
        if (obj.mode === "create") {
          if (live) report.objectsLeft.push(`${kind} ${metadata.name}`);
          continue;
        }
        // A patch gives back its own keys; what the kubelet registered (the zone label) stays.
        const m = (live?.metadata ?? {}) as {
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
        };
        for (const k of Object.keys(metadata.labels ?? {}))
          if (k !== LABELS.zone && m.labels && k in m.labels)
            report.patchedFieldsLeft.push(`${metadata.name} label ${k}`);
        for (const k of Object.keys(metadata.annotations ?? {}))
          if (m.annotations && k in m.annotations)
            report.patchedFieldsLeft.push(`${metadata.name} annotation ${k}`);
      }
      check(
        report.destroyRestored,
        `switches differ from their pre-state after destroy: ${report.switchesDiffering.join(", ")}`,
      );
      check(
        report.objectsLeft.length === 0,
        `objects left after destroy: ${report.objectsLeft.join(", ")}`,
      );
      check(
        report.patchedFieldsLeft.length === 0,
        `patched fields left: ${report.patchedFieldsLeft.join(", ")}`,
      );
    });

    const keyLines = privateKey.split("\n").filter((l) => l.length >= 40 && !l.startsWith("-----"));
    const hits = plaintextHits(env.stateDir, keyLines);
    hits.push(...plaintextHits(env.workDir, keyLines).filter((f) => !f.endsWith(".log")));
    report.secretsInState = hits.length;
    check(hits.length === 0, `plaintext secrets in ${[...new Set(hits)].join(", ")}`);
    report.ok = true;
  } catch (e) {
    if (!(e instanceof CheckFailed)) tally.failed++;
    report.failed = (e as Error).message;
    log(`FAILED: ${report.failed}`);
  } finally {
    await runner?.stop();
    if (lab && !o.keep) await Lab.down(o.runDir, log);
  }
  return report;
}

/** The report's one-line form: the last line the e2e prints. */
export function reportLine(r: E2eReport): string {
  const total = Object.values(r.seconds).reduce((a, b) => a + b, 0);
  return [
    `e2e ${r.stack}: ${r.ok ? "PASS" : `FAIL (${r.failed})`}`,
    `created ${r.created}`,
    `re-up changes ${r.reUpChanges}`,
    `sessions ${r.sessionsEstablished}/${r.sessionsPlanned} Established`,
    `ECMP ${r.ecmpOk ? "ok" : "not ok"}`,
    `drain ${r.drain ? `withdrawn before up returned, ${r.drain.http.failed}/${r.drain.http.requests} requests failed${r.drain.http.rehashed > 0 ? ` (${r.drain.http.rehashed} reset in flight at a next-hop change)` : ""}` : "not run"}`,
    `destroy${r.drainedAtDestroy ? " (a node drained)" : ""} restored ${r.destroyRestored ? "yes" : "no"}`,
    `secrets in state ${r.secretsInState}`,
    `${total.toFixed(0)} s`,
  ].join("; ");
}
