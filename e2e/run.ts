// The real-engine e2e: the lab datacenter (FRR switches, BIRD nodes, the client), a Kubernetes control plane with
// kwok, and the real Pulumi CLI with its providers running the program. Each step is timed and its figure goes into
// the report; the first failed check stops the run (the report says which).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeBgp } from "../lab/calico-bird";
import { Lab } from "../lab/lab";
import { readRaw } from "../lab/zone-gen";
import { ANNOTATIONS, names } from "../model/core/names";
import { NAMESPACE } from "../model/spec/stack-file";
import {
  calicoCrdDir,
  calicoFieldsAccepted,
  installCrds,
  nodesReady,
  registerNode,
} from "./cluster-prep";
import { ConfdRun, confdStack } from "./confd/confd-run";
import { startControlPlane, type ControlPlane } from "./control-plane";
import { drainBeforeDestroy, drainStep, type DrainContext } from "./drain-step";
import { serviceCidrs } from "./dual-stack";
import { exampleStep, isExampleStack } from "./example-step";
import { KindResolver } from "./kube-client";
import { MetallbRunner } from "./metallb-runner";
import { policyStep } from "./policy-step";
import { pulumiStep, type PulumiEnv } from "./pulumi";
import { liveServices } from "./readback";
import {
  CHANGE_KEYS,
  CheckFailed,
  check,
  emptyReport,
  sum,
  tally,
  type E2eOptions,
  type E2eReport,
} from "./report";
import { rolloutDrill } from "./rollout-drill";
import type { Raw, RunContext } from "./run-context";
import { localCharts, pinHostKeys, plaintextHits, writePulumiConfig } from "./stack-config";
import { addZoneStep } from "./steps/add-zone";
import { destroyStep } from "./steps/destroy";
import { sessionsStep } from "./steps/sessions";
import { workerJoinStep } from "./steps/worker-join";
import { buildTools, type Tools } from "./tools";
import { chartDirs, ingressReady, labHostKeys, registrations } from "./wire";

export { reportLine, type E2eOptions, type E2eReport, type NodeSideName } from "./report";
export { chartDirs, registrations } from "./wire";

const PROJECT = "bgp-fabric";
/** Pod IPs kwok hands out: outside every lab subnet (10.x node/pod ranges, 203.0.113.0/24 LB pools). */
const KWOK_POD_CIDR = "100.64.0.0/16";

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
    if (confd) report.confdModuleVersion = confd.moduleVersion();
    const stackFile0 = confd ? confdStack(o.stackFile) : o.stackFile;
    lab = await timed("lab", () =>
      Lab.up({ stackFile: stackFile0, runDir: o.runDir, log, infraOnly: true }),
    );
    const theLab = lab;
    const plan = lab.plan;
    report.sessionsPlanned = plan.sessions.length;
    const minor = Number(plan.versions.kubernetes.split(".")[1]);
    // A dual-stack stack's cluster is dual-stack: an IPv6 Service range beside the stack's IPv4 one.
    const serviceCidr = serviceCidrs(
      plan,
      String((readRaw(stackFile0).kubernetes as Raw | undefined)?.serviceCidr ?? "10.96.0.0/16"),
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
      // The plan's Calico fields against those CRDs (with confd: Calico 3.28's; the IPv6 ones of a dual-stack stack).
      const fields = await calicoFieldsAccepted(kube, kinds, plan.kubernetes);
      report.calicoObjectsAccepted = fields.checked;
      check(
        fields.refused.length === 0,
        `Calico ${plan.versions.calico}'s CRDs refuse planned fields: ${fields.refused.join("; ")}`,
      );
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
    const raw0 = localCharts(pinHostKeys(readRaw(stackFile0), labHostKeys(lab)), charts);
    writePulumiConfig(stackFile, raw0, secretKeys);
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
    const ctx: RunContext = {
      o,
      report,
      log,
      lab: theLab,
      plan,
      kube,
      kinds,
      cp,
      confd,
      stackFile0,
      stackFile,
      secretKeys,
      charts,
      raw: raw0,
      step,
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
    await timed("policy", () =>
      policyStep({ env, stackFile, raw: ctx.raw, secretKeys, check, log }),
    );
    // The same datacenter from the library in code (examples/two-zones, the lab's): no change to what the stack file
    // deployed.
    if (isExampleStack(o.stackFile)) {
      const example = await timed("example", () =>
        exampleStep({ stackFile, raw: ctx.raw, step, log }),
      );
      check(sum(example, CHANGE_KEYS) === 0, `the example changed ${JSON.stringify(example)}`);
    } else log("example: skipped (examples/two-zones is the datacenter of Pulumi.lab.yaml)");

    // The nodes' BIRD from what the API server holds, then every planned session and LB /32 on the wire.
    await timed("sessions", () => sessionsStep(ctx));

    // A change to two zones whose first zone fails its health check leaves the second untouched.
    report.rollout = await timed("rollout-drill", () =>
      rolloutDrill({
        lab: theLab,
        plan,
        raw: ctx.raw,
        write: (r) => writePulumiConfig(stackFile, r, secretKeys),
        up: () => pulumiStep(env, "up"),
        check,
        stateDir: env.stateDir,
        ingressReady: (nodes) => ingressReady(kube, nodes),
        log,
      }),
    );

    // A worker joins with only its zone label: the real admission policy gives it the zone's AS.
    await timed("worker-join", () => workerJoinStep(ctx));

    // Drain as config: the label through the real kubernetes provider, the waits through the command provider.
    const drainContext = async (): Promise<DrainContext> => ({
      lab: theLab,
      plan: theLab.plan,
      kube,
      kinds,
      services: await liveServices(kube),
      raw: ctx.raw,
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
    await timed("add-zone", () => addZoneStep(ctx));

    // Destroy: the switches exactly as before, every object gone, patched fields given back.
    // Destroy with a node drained: its waits go with their switch neighbors instead of waiting for a return.
    const drained = await drainContext();
    await timed("drain-before-destroy", async () => {
      report.drainedAtDestroy = (await drainBeforeDestroy(drained)).label === "true";
    });
    await timed("destroy", () => destroyStep(ctx, drained));

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
