// The e2e's report (what a run proves, with its figures), its checks (the first failure stops the run) and its
// one-line form.
import type { DrainReport } from "./drain-step";
import type { ExamplePackage } from "./example-step";
import type { RolloutDrillReport } from "./rollout-drill";

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
  /** The github.com/projectcalico/calico version the confd binary was built from (its Go build info; calico-confd only). */
  confdModuleVersion: string | null;
  /** Nodes whose BIRD ran confd's rendering: every planned node. */
  confdNodes: number;
  /** confd's rendering against the emulation's (e2e/confd/differential.ts), after the first `up`. */
  differential: { nodes: number; findings: string[] } | null;
  /** Planned Calico objects the installed CRDs accepted with strict field validation (a dry run before `up`). */
  calicoObjectsAccepted: number;
  /** Checks that passed and failed: each `check` of the run (the first failure stops it). */
  checks: { passed: number; failed: number };
  created: number;
  reUpChanges: number;
  previewNoChanges: boolean;
  sessionsPlanned: number;
  sessionsEstablished: number;
  /** The same per address family (issue 19): IPv6 sessions only on a dual-stack stack. */
  sessionsByFamily: {
    ipv4: { planned: number; established: number };
    ipv6: { planned: number; established: number };
  };
  ecmpOk: boolean;
  /** Every IPv6 LoadBalancer /128 ECMP'd on every switch of a dual-stack zone; null without IPv6 addresses. */
  ecmp6Ok: boolean | null;
  /** One entry per address MetalLB gave (a dual-stack Service: one of each family). */
  loadBalancers: { service: string; ip: string; nodes: string[] }[];
  http: { requests: number; ok: number; nodes: number };
  /** HTTP through the Service's IPv6 LoadBalancer address; null without one. */
  http6: { url: string; requests: number; ok: number; nodes: number } | null;
  workerAsn: {
    node: string;
    zone: string;
    annotation: string | null;
    expected: string;
    /** The annotation after a merge patch removed it (null: the policy kept the removal). */
    afterRemoval: string | null;
  } | null;
  /** The package the example step built examples/two-zones against (npm pack); null when the step did not run. */
  examplePackage: ExamplePackage | null;
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

export function emptyReport(stack: string, nodeSide: NodeSideName): E2eReport {
  return {
    stack,
    ok: false,
    nodeSide,
    confdModuleVersion: null,
    confdNodes: 0,
    differential: null,
    calicoObjectsAccepted: 0,
    checks: tally,
    created: 0,
    reUpChanges: -1,
    previewNoChanges: false,
    sessionsPlanned: 0,
    sessionsEstablished: 0,
    sessionsByFamily: {
      ipv4: { planned: 0, established: 0 },
      ipv6: { planned: 0, established: 0 },
    },
    ecmpOk: false,
    ecmp6Ok: null,
    loadBalancers: [],
    http: { requests: 0, ok: 0, nodes: 0 },
    http6: null,
    workerAsn: null,
    examplePackage: null,
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

export class CheckFailed extends Error {}

/** Checks passed and failed in this process's run (the first failure ends the run). */
export const tally = { passed: 0, failed: 0 };

export function check(cond: boolean, what: string): void {
  if (!cond) {
    tally.failed++;
    throw new CheckFailed(what);
  }
  tally.passed++;
}

export const sum = (c: Record<string, number>, keys: string[]) =>
  keys.reduce((n, k) => n + (c[k] ?? 0), 0);
export const CHANGE_KEYS = [
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
];

/** The report's one-line form: the last line the e2e prints. */
export function reportLine(r: E2eReport): string {
  const total = Object.values(r.seconds).reduce((a, b) => a + b, 0);
  return [
    `e2e ${r.stack}: ${r.ok ? "PASS" : `FAIL (${r.failed})`}`,
    // Whose BIRD configs the sessions ran on: a run on the emulation must not read like one on Calico's code.
    r.nodeSide === "calico-confd"
      ? `node side calico-confd${r.confdModuleVersion === null ? "" : ` ${r.confdModuleVersion}`} (${r.confdNodes} nodes)`
      : "node side emulation (lab/calico-bird.ts)",
    `created ${r.created}`,
    `re-up changes ${r.reUpChanges}`,
    `sessions ${r.sessionsEstablished}/${r.sessionsPlanned} Established`,
    ...(r.sessionsByFamily.ipv6.planned > 0
      ? [
          `IPv4 ${r.sessionsByFamily.ipv4.established}/${r.sessionsByFamily.ipv4.planned}, IPv6 ${r.sessionsByFamily.ipv6.established}/${r.sessionsByFamily.ipv6.planned}`,
        ]
      : []),
    `ECMP ${r.ecmpOk ? "ok" : "not ok"}`,
    ...(r.ecmp6Ok === null ? [] : [`/128 ECMP ${r.ecmp6Ok ? "ok" : "not ok"}`]),
    ...(r.http6 === null ? [] : [`HTTP over IPv6 ${r.http6.ok}/${r.http6.requests}`]),
    `drain ${r.drain ? `withdrawn before up returned, ${r.drain.http.failed}/${r.drain.http.requests} requests failed${r.drain.http.rehashed > 0 ? ` (${r.drain.http.rehashed} reset in flight at a next-hop change)` : ""}` : "not run"}`,
    `destroy${r.drainedAtDestroy ? " (a node drained)" : ""} restored ${r.destroyRestored ? "yes" : "no"}`,
    `secrets in state ${r.secretsInState}`,
    `${total.toFixed(0)} s`,
  ].join("; ");
}
