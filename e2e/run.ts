// The real-engine e2e: the lab datacenter (FRR switches, BIRD nodes, the client), a Kubernetes control plane with
// kwok, and the real Pulumi CLI with its providers running the program. Each step is timed and its figure goes into
// the report; the first failed check stops the run (the report says which).
import { Lab } from "../lab/lab";
import { readRaw } from "../lab/zone-gen";
import { names } from "../model/core/names";
import { NAMESPACE } from "../model/spec/stack-file";
import { ConfdRun, confdStack } from "./confd/confd-run";
import { startControlPlane, type ControlPlane } from "./control-plane";
import { drainBeforeDestroy, drainStep, type DrainContext } from "./drain-step";
import { serviceCidrs } from "./dual-stack";
import { exampleStep, isExampleStack } from "./example-step";
import { KindResolver } from "./kube-client";
import { MetallbRunner } from "./metallb-runner";
import { policyStep } from "./policy-step";
import { pulumiStep } from "./pulumi";
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
import type { Raw, RunContext, Timed } from "./run-context";
import { pulumiProject } from "./pulumi-project";
import { plaintextHits, writePulumiConfig } from "./stack-config";
import { addZoneStep } from "./steps/add-zone";
import { clusterPrepStep } from "./steps/cluster-prep";
import { deployStep } from "./steps/deploy";
import { nodesBeforeUpStep } from "./steps/nodes-before-up";
import { destroyStep } from "./steps/destroy";
import { sessionsStep } from "./steps/sessions";
import { workerJoinStep } from "./steps/worker-join";
import { buildTools, type Tools } from "./tools";
import { ingressReady } from "./wire";

export { reportLine, type E2eOptions, type E2eReport, type NodeSideName } from "./report";
export { chartDirs, registrations } from "./wire";

/** Pod IPs kwok hands out: outside every lab subnet (10.x node/pod ranges, 203.0.113.0/24 LB pools). */
const KWOK_POD_CIDR = "100.64.0.0/16";

export async function runE2e(o: E2eOptions): Promise<E2eReport> {
  const report = emptyReport(o.stackName, o.nodeSide);
  const log = o.log;
  const timed: Timed = async (step, f) => {
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
    await timed("cluster-prep", () => clusterPrepStep({ report, log, plan, kube, kinds, confd }));

    const project = pulumiProject(o, theLab, tools, cp, stackFile0);
    const { env, stackFile, secretKeys, charts, privateKey, step } = project;
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
      raw: project.raw,
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

    await timed("nodes-before-up", () => nodesBeforeUpStep(ctx));

    // The first deployment: preview, up, an up that changes nothing, a preview expecting no change.
    await deployStep(ctx, timed);
    // The policy pack (policy/) passes on the deployed stack and fails each break of one rule (previews only).
    await timed("policy", () =>
      policyStep({ env, stackFile, raw: ctx.raw, secretKeys, check, log }),
    );
    // The same datacenter from the library in code (examples/two-zones, the lab's), built against the packed package:
    // no change to what the stack file deployed.
    if (isExampleStack(o.stackFile)) {
      const example = await timed("example", () =>
        exampleStep({ stackFile, raw: ctx.raw, runDir: o.runDir, step, log }),
      );
      report.examplePackage = example.package;
      check(
        sum(example.changes, CHANGE_KEYS) === 0,
        `the example changed ${JSON.stringify(example.changes)}`,
      );
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
