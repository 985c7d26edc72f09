// What every step of a real-engine e2e run works on (e2e/run.ts builds it once the lab, the cluster and the Pulumi
// project are up; the steps in e2e/steps/ take it).
import type { Lab } from "../lab/lab";
import type { NetworkPlan } from "../model/core/types";
import type { ConfdRun } from "./confd/confd-run";
import type { ControlPlane } from "./control-plane";
import type { KindResolver, KubeClient } from "./kube-client";
import type { pulumiStep } from "./pulumi";
import type { E2eOptions, E2eReport } from "./report";
import type { ChartDirs } from "./stack-config";

export type Raw = Record<string, unknown>;

/** Runs one step of the run, its seconds recorded in the report under `step`. */
export type Timed = <T>(step: string, f: () => Promise<T>) => Promise<T>;

export interface RunContext {
  o: E2eOptions;
  report: E2eReport;
  log: (line: string) => void;
  lab: Lab;
  /** The plan of the stack the run deploys (before any zone the run adds). */
  plan: NetworkPlan;
  kube: KubeClient;
  kinds: KindResolver;
  cp: ControlPlane;
  /** Calico's confd on every node, or undefined with the emulation. */
  confd: ConfdRun | undefined;
  /** The stack file the run plans from (with confd: the copy planned for confd's Calico release). */
  stackFile0: string;
  /** The Pulumi project's stack file, and the config keys whose encrypted values a rewrite keeps. */
  stackFile: string;
  secretKeys: string[];
  charts: ChartDirs;
  /** The stack's config (keys without the namespace) as the project's stack file holds it now. */
  raw: Raw;
  /** A Pulumi operation through the real CLI; a failure is a failed check quoting the engine's errors. */
  step: (
    op: Parameters<typeof pulumiStep>[1],
    extra?: Parameters<typeof pulumiStep>[2],
  ) => ReturnType<typeof pulumiStep>;
}
