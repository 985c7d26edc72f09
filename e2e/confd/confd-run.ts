// The e2e's steps for the node side by Calico's own code (e2e/run.ts calls these at its hook points): the stack
// planned for the Calico release confd comes from, that release's CRDs, each node's BGP address annotation as
// calico-node's start-up writes it, confd + BIRD 1.6.8 per node (confd-side.ts), pod blocks from Calico's IPAM once
// the IPPools exist, and the check that every node's confd and BIRD still run without a failed check or reload.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { removedOnExit } from "../../io/removed-on-exit";
import type { Lab } from "../../lab/lab";
import { waitFor } from "../../lab/sh";
import { readRaw, writeStack } from "../../lab/zone-gen";
import type { NetworkPlan } from "../../model/core/types";
import type { KubeClient } from "../kube-client";
import type { Tools } from "../tools";
import { allocatePod, writeNodeAddress } from "./calico-node";
import { CONFD_CALICO_VERSION, CONFD_MODULE_VERSION, ConfdNodeSide } from "./confd-side";
import { differences, fromEmulation, parseConfd } from "./differential";
import { FAMILY_FILES, type Family } from "./node-dir";

/**
 * `stackFile` with calico.version set to the release confd comes from, in a folder of our own outside the run dir
 * (Lab.up empties that), removed when the process ends, however it ends.
 */
export function confdStack(stackFile: string): string {
  const raw = readRaw(stackFile);
  const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-e2e-stack-"));
  removedOnExit(dir);
  const out = join(dir, basename(stackFile));
  const calico = (raw.calico ?? {}) as Record<string, unknown>;
  writeStack(
    out,
    { ...raw, calico: { ...calico, version: CONFD_CALICO_VERSION } },
    `${basename(stackFile)} with calico.version ${CONFD_CALICO_VERSION}, the release of the e2e's confd (e2e/confd)`,
  );
  return out;
}

/** The nodes calico-node runs `bird6` on: those of a dual-stack zone (each has an IPv6 address). */
export function dualStackNodes(plan: NetworkPlan): Set<string> {
  return new Set(
    plan.zones.flatMap((z) =>
      [...z.reflectors, ...z.ingressNodes, ...z.workers]
        .filter((n) => z.ipv6 !== undefined && n.ipv6Address !== undefined)
        .map((n) => n.name),
    ),
  );
}

/** Where calico-node runs: the namespace of the BGP password Secrets the plan creates (its spec's calico.namespace). */
function calicoNamespace(plan: NetworkPlan): string {
  const secret = plan.kubernetes.find((o) => o.body.kind === "Secret");
  return secret?.body.metadata.namespace ?? "calico-system";
}

/**
 * The github.com/projectcalico/calico version a confd binary was built from, from its Go build info (`go version -m`:
 * the `mod` line of the main package's module); undefined when the text has none.
 */
export function builtModuleVersion(goVersionM: string): string | undefined {
  return /^\s*mod\s+github\.com\/projectcalico\/calico\s+(\S+)/m.exec(goVersionM)?.[1];
}

/**
 * What the report's `confdNodes` and `differential` must show (issue 20): confd configured exactly the planned nodes,
 * and the differential compared every one of them. Problems, one line each; none when both hold.
 */
export function coverageProblems(
  plan: NetworkPlan,
  configured: ReadonlySet<string>,
  differential: { nodes: number } | null,
): string[] {
  const planned = plan.nodeRegistrations.map((r) => r.node).sort();
  const out: string[] = [];
  if (planned.length === 0) out.push("e2e confd: the plan has no nodes: nothing to prove on confd");
  const missing = planned.filter((n) => !configured.has(n));
  const extra = [...configured].filter((n) => !planned.includes(n)).sort();
  if (missing.length > 0 || extra.length > 0)
    out.push(
      `e2e confd: confd configured ${configured.size} nodes, the plan has ${planned.length}${missing.length > 0 ? `; not configured: ${missing.join(", ")}` : ""}${extra.length > 0 ? `; not planned: ${extra.join(", ")}` : ""}`,
    );
  if (differential !== null && differential.nodes !== planned.length)
    out.push(
      `e2e confd: the differential compared ${differential.nodes} nodes, the plan has ${planned.length}`,
    );
  return out;
}

export class ConfdRun {
  side?: ConfdNodeSide;
  /** Pod addresses Calico's IPAM gave, by node (IPv4, then IPv6 on a dual-stack node). */
  readonly pods = new Map<string, string[]>();

  constructor(
    private readonly tools: Tools,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * The module version the report names, read from the confd binary the run uses, never assumed: it must be the one
   * the run plans for (CONFD_MODULE_VERSION, whose release is CONFD_CALICO_VERSION).
   */
  moduleVersion(): string {
    const bin = this.tools.bin("confd");
    const r = spawnSync("go", ["version", "-m", bin], { encoding: "utf8" });
    const built = builtModuleVersion(r.stdout ?? "");
    if (built === undefined)
      throw new Error(
        `e2e confd: ${bin} names no github.com/projectcalico/calico module in its Go build info (go version -m exited ${r.status}: ${(r.stderr ?? "").trim()})`,
      );
    if (built !== CONFD_MODULE_VERSION)
      throw new Error(
        `e2e confd: ${bin} was built from github.com/projectcalico/calico ${built}, the run plans for ${CONFD_MODULE_VERSION} (Calico ${CONFD_CALICO_VERSION}, e2e/confd/confd-side.ts)`,
      );
    return built;
  }

  /** The CRDs of the module's commit (libcalico-go/config/crd), not shared/crds-all's. */
  crdDir(): string {
    return this.tools.file("calico", "crd");
  }

  /** After each kubelet registration: the address annotation calico-node's start-up writes. */
  async registered(kube: KubeClient, plan: NetworkPlan, nodes: string[]): Promise<void> {
    for (const n of nodes) await writeNodeAddress(kube, plan, n);
  }

  /** Sets confd as the lab's node side (before the first node starts). */
  attach(lab: Lab, kubeconfig: string): void {
    this.side = new ConfdNodeSide({
      state: lab.state,
      tools: this.tools,
      kubeconfig,
      apiNs: lab.topo.clientNs,
      calicoNamespace: calicoNamespace(lab.plan),
      dualStack: (node) => dualStackNodes(lab.plan).has(node),
      log: this.log,
    });
    lab.nodeSide = this.side;
  }

  /** A pod on every running node without one, from Calico's IPAM (the IPPools exist once `up` made them). */
  podsOn(lab: Lab, kubeconfig: string): void {
    for (const n of lab.topo.nodes) {
      if (this.pods.has(n.name) || !this.side?.configured.has(n.name)) continue;
      const v6 = this.side.dualStack(n.name);
      this.pods.set(n.name, allocatePod(this.tools, lab.topo.clientNs, kubeconfig, n, v6));
    }
    this.log(
      `calico-ipam: ${this.pods.size} pods, ${[...this.pods.values()].map((a) => a.join(" ")).join(", ")}`,
    );
  }

  /**
   * The differential check on every node confd configured: its rendering against the emulation's derivation the lab
   * holds for it (from the same read-back). Returns the findings, one line each.
   */
  async differential(lab: Lab): Promise<{ nodes: number; findings: string[] }> {
    const findings: string[] = [];
    let nodes = 0;
    for (const n of lab.topo.nodes) {
      if (!this.side?.configured.has(n.name)) continue;
      const dir = join(this.side.nodeDir(n), "out");
      const read = (f: string) => readFileSync(join(dir, f), "utf8");
      const fams: Family[] = this.side.dualStack(n.name) ? ["4", "6"] : ["4"];
      for (const family of fams) {
        const [bird, aggr, ipam] = FAMILY_FILES[family];
        // calico-ipam has just claimed the node's block: confd renders it within moments (first e2e run's finding).
        if (this.pods.has(n.name))
          await waitFor(
            `${n.name}: confd's rendering of its IPv${family} IPAM block`,
            () => read(aggr).includes("# IP blocks for this host.") || undefined,
            30_000,
            200,
          );
        const confd = parseConfd({ bird: read(bird), aggr: read(aggr), ipam: read(ipam) }, family);
        const label = family === "6" ? `${n.name} (bird6)` : n.name;
        findings.push(...differences(label, confd, fromEmulation(lab.bgpOf(n.name), family)));
      }
      nodes++;
    }
    return { nodes, findings };
  }

  /** Problems of every configured node (confd or BIRD not running, a failed check or reload). */
  problems(lab: Lab): string[] {
    return this.side?.problems(lab.topo.nodes) ?? [];
  }
}
