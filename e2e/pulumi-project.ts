// The run's Pulumi project: a work dir in the run dir, a file backend, a passphrase secrets provider, the stack file
// written from the lab's config (the switches' host keys pinned, the charts local), and the one wrapper every step
// runs a Pulumi operation through.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../lab/lab";
import { readRaw } from "../lab/zone-gen";
import { NAMESPACE } from "../model/spec/stack-file";
import type { ControlPlane } from "./control-plane";
import { pulumiStep, type PulumiEnv } from "./pulumi";
import { check, type E2eOptions } from "./report";
import type { Raw, RunContext } from "./run-context";
import { localCharts, pinHostKeys, writePulumiConfig, type ChartDirs } from "./stack-config";
import type { Tools } from "./tools";
import { chartDirs, labHostKeys } from "./wire";

const PROJECT = "bgp-fabric";

export interface PulumiProject {
  env: PulumiEnv;
  /** The project's stack file, and the config keys whose encrypted values a rewrite keeps. */
  stackFile: string;
  secretKeys: string[];
  charts: ChartDirs;
  /** The stack's config as first written. */
  raw: Raw;
  /** The lab's switch SSH key, stored as the stack's secret at `init`. */
  privateKey: string;
  step: RunContext["step"];
}

export function pulumiProject(
  o: E2eOptions,
  lab: Lab,
  tools: Tools,
  cp: ControlPlane,
  /** The stack file the run plans from (with confd: the copy planned for confd's Calico release). */
  stackFile0: string,
): PulumiProject {
  const log = o.log;
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
  const charts = chartDirs(lab.plan, o.runDir);
  const raw = localCharts(pinHostKeys(readRaw(stackFile0), labHostKeys(lab)), charts);
  writePulumiConfig(stackFile, raw, secretKeys);
  const privateKey = readFileSync(lab.ssh.keyFile, "utf8");
  const step: RunContext["step"] = async (op, extra = {}) => {
    const r = await pulumiStep(env, op, extra);
    // The engine's own `error:` lines say what failed; the full output is in the step's log.
    const errors = r.output
      .split("\n")
      .filter((l) => /^\s*error:/.test(l))
      .map((l) => l.trim());
    check(r.ok, `pulumi ${op} failed: ${[...new Set(errors)].slice(0, 3).join(" | ") || r.error}`);
    return r;
  };
  return { env, stackFile, secretKeys, charts, raw, privateKey, step };
}
