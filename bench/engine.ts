// `npm run bench -- --engine`: the real Pulumi CLI and its providers against the e2e's Kubernetes control plane
// (etcd, kube-apiserver, controller manager, scheduler, kwok, in one network namespace of its own), for prod and the
// 3- and 32-zone datacenters of bench/cases.ts: `pulumi preview` of each, and `pulumi up` adding one zone at 3 and
// at 32 zones. Every operation runs under /usr/bin/time (CPU of the whole tree) with /proc polled (its peak memory).
// Needs root (network namespaces) and refuses to run unless under `flock /tmp/bgp-fabric-lab.lock`, like every lab run.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { LabState } from "../lab/state";
import { claimMachine, releaseMachine } from "../lab/machine";
import { addNamespace } from "../lab/netns";
import { planFromStack } from "../lab/plan-source";
import { newEd25519Key, sh } from "../lab/sh";
import { readRaw } from "../lab/zone-gen";
import { calicoCrdDir, installCrds, nodesReady, registerNode } from "../e2e/cluster-prep";
import { startControlPlane } from "../e2e/control-plane";
import { MetallbRunner } from "../e2e/metallb-runner";
import { pulumiStep, type PulumiEnv } from "../e2e/pulumi";
import type { Op, StepRequest } from "../e2e/pulumi-step";
import { chartDirs, registrations } from "../e2e/run";
import { localCharts, pinHostKeys, writePulumiConfig } from "../e2e/stack-config";
import { buildTools, type Tools } from "../e2e/tools";
import { names } from "../model/core/names";
import { NAMESPACE } from "../model/spec/stack-file";
import { QUICK, type BenchCase } from "./cases";
import { caseName, stackText } from "./datacenter";
import { engineMarkdown, engineTable, type EngineMachine, type EngineRun } from "./engine-report";
import { LAB_LOCK, underLock } from "./lab-lock";
import { machineFacts } from "./machine";
import { TIME_FORMAT, TreePoller, parseTimeOutput } from "./tree-usage";

const ROOT = join(__dirname, "..");
/** e2e/pulumi-step.ts and the program, compiled by bench/tsconfig.engine.json (dist/ is not committed). */
const COMPILED_STEP = join(ROOT, "dist", "bench-engine", "e2e", "pulumi-step.js");
/** The step as e2e/pulumi.ts runs it by default. */
const TS_STEP = ["-r", "ts-node/register/transpile-only", "e2e/pulumi-step.ts"];
const PROJECT = "bgp-fabric";
/** The bench's own namespace (the lab's `bf-` prefix, so a lab teardown would remove it too). */
const NS = "bf-bench-engine";
/** The API server's advertised address, on the namespace's loopback (TEST-NET-1: the namespace has no other link). */
const ADDRESS = "192.0.2.10";
/** Pod IPs kwok hands out (as the e2e's). */
const POD_CIDR = "100.64.0.0/16";

interface EngineCase extends BenchCase {
  zones: number;
  /** Also measure `up` adding the last zone (the case's stack without it first). */
  up: boolean;
}

const byName = (name: string) => QUICK.find((c) => c.name === name)!;
const base = { zones: 3, ingress: 2, workers: 0, pool: 26 };
export const ENGINE_CASES: EngineCase[] = [
  { ...byName("prod"), zones: 3, up: false },
  { ...byName(caseName(base)), zones: 3, up: true },
  { ...byName(caseName({ ...base, zones: 32 })), zones: 32, up: true },
];

/** The switch commands: left out of the bench's `up` (no switch answers here), with what depends on them. */
const commandsOf = (stack: string) => [
  `urn:pulumi:${stack}::${PROJECT}::**command:remote:Command::**`,
];

interface Measured {
  changes: Record<string, number>;
  wallMs: number;
  cpuMs: number;
  peakRssKiB: number;
  cpuByProgram: [string, number][];
}

/** One Pulumi operation under /usr/bin/time, its process tree polled; a failed operation throws. */
async function measuredStep(
  env: PulumiEnv,
  op: Op,
  extra: Partial<StepRequest>,
  timeFile: string,
  profileDir: string | undefined,
): Promise<Measured> {
  // --profile: the program's process writes a V8 CPU profile into the case's directory (a Node.js flag: NODE_OPTIONS
  // refuses --cpu-prof).
  const script = profileDir
    ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...(env.script ?? TS_STEP)]
    : env.script;
  let poller: TreePoller | undefined;
  const r = await pulumiStep(
    {
      ...env,
      ...(script ? { script } : {}),
      wrap: {
        prefix: ["/usr/bin/time", "-f", TIME_FORMAT, "-o", timeFile],
        onSpawn: (pid) => (poller = new TreePoller(pid)),
      },
    },
    op,
    extra,
  );
  const tree = poller!.stop();
  if (!r.ok) {
    const errors = r.output
      .split("\n")
      .filter((l) => /^\s*error:/.test(l))
      .slice(0, 3);
    throw new Error(`pulumi ${op} failed: ${errors.join(" | ") || r.error}`);
  }
  const t = parseTimeOutput(readFileSync(timeFile, "utf8"));
  return {
    changes: r.changes,
    wallMs: t.wallS * 1000,
    cpuMs: (t.userS + t.sysS) * 1000,
    peakRssKiB: tree.peakRssKiB,
    cpuByProgram: tree.cpuByProgram,
  };
}

type Raw = Record<string, unknown>;

/** A Pulumi root whose `bin/pulumi` runs the real CLI with `--profiling <dir>/profiles/cli` (one file set per PID). */
function profilingCli(tools: Tools, dir: string): string {
  const root = join(dir, "pulumi-profiling");
  mkdirSync(join(root, "bin"), { recursive: true });
  mkdirSync(join(dir, "profiles"), { recursive: true });
  const script = `#!/bin/sh\nexec '${tools.bin("pulumi")}' "$@" --profiling '${join(dir, "profiles", "cli")}'\n`;
  writeFileSync(join(root, "bin", "pulumi"), script, { mode: 0o755 });
  return root;
}

/** The resources in the stack's state (the file backend's checkpoint). */
function inState(env: PulumiEnv): number {
  const file = join(env.stateDir, ".pulumi", "stacks", env.project, `${env.stack}.json`);
  const doc = JSON.parse(readFileSync(file, "utf8")) as {
    checkpoint: { latest?: { resources?: unknown[] } };
  };
  return doc.checkpoint.latest?.resources?.length ?? 0;
}

/**
 * The stack's config for the engine: local charts, no secrets (set encrypted by `init`), optional overrides, and
 * every pinned host key replaced by `hostKey` (the generated stacks pin a placeholder the command provider cannot
 * parse; no switch is contacted either way).
 */
function configOf(
  stackFile: string,
  charts: ReturnType<typeof chartDirs>,
  hostKey: string,
  extra: Raw = {},
): Raw {
  const pinned: Record<string, Record<string, string>> = {};
  for (const sw of planFromStack(stackFile).switches)
    if (sw.ssh.hostKey !== undefined) (pinned[sw.zone] ??= {})[sw.name] = hostKey;
  const raw = { ...localCharts(pinHostKeys(readRaw(stackFile), pinned), charts), ...extra };
  delete raw.switchSshPrivateKey;
  delete raw.bgpPasswords;
  return raw;
}

async function runCase(
  c: EngineCase,
  tools: Tools,
  dir: string,
  profile: boolean,
  log: (l: string) => void,
): Promise<EngineRun[]> {
  mkdirSync(dir, { recursive: true });
  const stackFile = c.stackFile ? join(ROOT, c.stackFile) : join(dir, "Pulumi.bench.yaml");
  const baselineFile = join(dir, "Pulumi.bench.baseline.yaml");
  if (c.shape) {
    writeFileSync(stackFile, stackText(c.shape));
    writeFileSync(baselineFile, stackText(c.shape, 1));
  }
  const plan = planFromStack(stackFile);
  const state = new LabState(join(dir, "lab"));
  let runner: MetallbRunner | undefined;
  try {
    // One lab run per machine, as the lab's own (lab/machine.ts): leftovers of runs killed hard go first.
    await claimMachine(state.dir, [NS], log);
    addNamespace(state, NS, {});
    sh("ip", ["-n", NS, "addr", "add", `${ADDRESS}/32`, "dev", "lo"]);
    const serviceCidr = String(
      (readRaw(stackFile).kubernetes as Raw | undefined)?.serviceCidr ?? "10.96.0.0/16",
    );
    const cp = await startControlPlane({
      state,
      ns: NS,
      tools,
      kubernetesMinor: Number(plan.versions.kubernetes.split(".")[1]),
      serviceCidr,
      advertiseAddress: ADDRESS,
      podCidr: POD_CIDR,
      log,
    });
    await installCrds(cp.kube, calicoCrdDir(plan.versions.calico));
    const regs = registrations(plan);
    for (const r of regs) await registerNode(cp.kube, r);
    await nodesReady(
      cp.kube,
      regs.map((r) => r.name),
    );
    log(`${c.name}: ${regs.length} Nodes Ready`);
    const work = join(dir, "pulumi");
    for (const d of ["project", "state", "home"]) mkdirSync(join(work, d), { recursive: true });
    const pulumiLog = join(dir, "pulumi.log");
    const env: PulumiEnv = {
      ns: NS,
      tools,
      workDir: join(work, "project"),
      stateDir: join(work, "state"),
      home: join(work, "home"),
      kubeconfig: cp.kubeconfig,
      passphrase: "bgp-fabric-bench-passphrase",
      stack: c.shape ? "bench" : c.name,
      project: PROJECT,
      log: (l) => writeFileSync(pulumiLog, `${l}\n`, { flag: "a" }),
    };
    const config = join(env.workDir, `Pulumi.${env.stack}.yaml`);
    const secretKeys = [`${NAMESPACE}:switchSshPrivateKey`];
    const charts = chartDirs(plan, dir);
    // A key of its own (also the switches' host key): the preview never connects, the `up` leaves the commands out.
    const keyFile = join(dir, "bench_ed25519");
    newEd25519Key(keyFile, "bgp-fabric bench");
    const hostKey = readFileSync(`${keyFile}.pub`, "utf8");
    writePulumiConfig(config, configOf(stackFile, charts, hostKey), secretKeys);
    const init = await pulumiStep(env, "init", {
      secrets: { [`${NAMESPACE}:switchSshPrivateKey`]: readFileSync(keyFile, "utf8") },
    });
    if (!init.ok) throw new Error(`pulumi init failed: ${init.error}`);
    // --profile: the CLI too, through a wrapper that adds its `--profiling` flag (Go pprof CPU profiles).
    const cliRoot = profile ? profilingCli(tools, dir) : undefined;
    let n = 0;
    const step = async (
      op: EngineRun["op"],
      what: string,
      extra: Partial<StepRequest> = {},
      adds: { adds?: string } = {},
    ) => {
      const m = await measuredStep(
        env,
        op,
        cliRoot ? { ...extra, pulumiRoot: cliRoot } : extra,
        join(dir, `time-${++n}.txt`),
        profile ? join(dir, "profiles", `${n}-${op}`) : undefined,
      );
      const run: EngineRun = { case: c.name, zones: c.zones, op, what, ...m, ...adds };
      if (op === "up") run.inState = inState(env);
      log(engineTable([run])[2]);
      return run;
    };
    const runs = [await step("preview", "(empty stack)")];
    // The same preview with the program compiled by tsc: no ts-node (transpiling at start, source-mapping every
    // stack trace the SDK takes per resource), to show what the TypeScript runtime costs.
    const tsNode = env.script;
    env.script = [COMPILED_STEP];
    runs.push({ ...(await step("preview", "(empty stack; compiled program)")), compiled: true });
    env.script = tsNode;
    if (c.up) {
      // The MetalLB chart's webhook validates the pools: its controller runs as in the e2e.
      const metallb = plan.helmReleases.find(
        (r) => r.resourceName === names.metallbRelease.resource,
      );
      runner = new MetallbRunner(
        cp.kube,
        state,
        NS,
        tools.bin("metallb-controller"),
        cp.kubeconfig,
        metallb?.namespace ?? "metallb-system",
        log,
      );
      runner.start();
      // Zones in parallel: zone-by-zone, each zone's objects wait for the zone before's (left out) commands.
      const parallel = { rollout: "parallel" };
      const exclude = commandsOf(env.stack);
      writePulumiConfig(config, configOf(baselineFile, charts, hostKey, parallel), secretKeys);
      runs.push(await step("up", `(${c.zones - 1} zones, switch commands left out)`, { exclude }));
      writePulumiConfig(config, configOf(stackFile, charts, hostKey, parallel), secretKeys);
      const last = plan.zones
        .map((z) => z.name)
        .sort()
        .pop()!;
      runs.push(
        await step(
          "up",
          `adding zone ${last} (${c.zones - 1} → ${c.zones} zones, switch commands left out)`,
          { exclude },
          { adds: last },
        ),
      );
    }
    return runs;
  } finally {
    await runner?.stop();
    await state.teardown(log);
    await releaseMachine(state.dir);
  }
}

/** The engine bench: every case in turn, then its section of bench/RESULTS.md (unless `only` picks some). */
export async function runEngine(o: {
  only?: RegExp;
  keep: boolean;
  /** V8 CPU profiles of the program's process, kept with the temporary directory; RESULTS.md untouched. */
  profile: boolean;
}): Promise<number> {
  const log = (l: string) => process.stderr.write(`bench --engine: ${l}\n`);
  if (process.getuid?.() !== 0) {
    log(
      "needs root (network namespaces): sudo flock /tmp/bgp-fabric-lab.lock npm run bench -- --engine",
    );
    return 1;
  }
  // Serialized with the lab and the e2e (the same control-plane tools, and figures skewed by a run beside them).
  if (!underLock()) {
    log(
      `must run under the lab lock: sudo flock ${LAB_LOCK} npm run bench -- --engine (no lab or e2e run beside it)`,
    );
    return 1;
  }
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const cases = ENGINE_CASES.filter((c) => !o.only || o.only.test(c.name));
  const tmp = mkdtempSync("/tmp/bgp-fabric-bench-engine-");
  const runs: EngineRun[] = [];
  let pulumi = "unknown";
  try {
    const tools = buildTools(log);
    const tsc = spawnSync(
      join(ROOT, "node_modules", ".bin", "tsc"),
      ["-p", join(__dirname, "tsconfig.engine.json")],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (tsc.status !== 0) throw new Error(`tsc -p bench/tsconfig.engine.json: ${tsc.stdout}`);
    pulumi = spawnSync(tools.bin("pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
    for (const c of cases)
      runs.push(...(await runCase(c, tools, join(tmp, c.name), o.profile, log)));
  } catch (e) {
    // The logs (each case's pulumi.log, the control plane's under lab/hosts) stay for a post-mortem.
    log(`${(e as Error).message.split("\n")[0]} (logs kept in ${tmp})`);
    return 1;
  }
  if (o.keep || o.profile) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  const machine: EngineMachine = { ...machineFacts(loadBefore, started), pulumi };
  if (o.only || o.profile) {
    process.stdout.write(`${JSON.stringify({ machine, runs }, null, 2)}\n`);
    return 0;
  }
  writeFileSync(
    join(__dirname, "engine-results.json"),
    `${JSON.stringify({ machine, runs }, null, 2)}\n`,
  );
  const file = join(__dirname, "RESULTS.md");
  writeFileSync(file, engineMarkdown(readFileSync(file, "utf8"), machine, runs));
  log(`${machine.benchSeconds.toFixed(0)} s; wrote bench/RESULTS.md`);
  return 0;
}
