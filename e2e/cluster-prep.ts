// What exists in a real cluster before bgp-fabric's first `pulumi up`: Calico's CRDs (Calico's own install puts them
// there) and the Nodes, registered the way each kubelet registers itself (`--node-labels`, `--register-with-taints`,
// its InternalIP). kwok then keeps them Ready and runs their pods' lifecycle.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { waitFor } from "../lab/sh";
import { KWOK_ANNOTATION } from "./control-plane";
import type { KubernetesObject, NetworkPlan } from "../model/core/types";
import { KubeError, type Json, type KindResolver, type KubeClient } from "./kube-client";

/** The upstream data beside the project (`../shared`): CRDs and charts, read, never copied. */
export const SHARED = join(__dirname, "..", "..", "shared");
const CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

export function calicoCrdDir(version: string): string {
  const dir = join(SHARED, "crds-all", `calico-v${version}`);
  if (!existsSync(dir)) {
    const have = readdirSync(join(SHARED, "crds-all")).filter((d) => d.startsWith("calico-v"));
    throw new Error(
      `e2e: no Calico ${version} CRDs in ${dir} (shared/ has ${have.join(", ")}); set calico.version to one of those`,
    );
  }
  return dir;
}

/** Creates every CRD of the YAML files in `dir` and waits until the API server serves them all. */
export async function installCrds(kube: KubeClient, dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".yaml"))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
      const crd = doc.toJSON() as Json | null;
      if (!crd || crd.kind !== "CustomResourceDefinition") continue;
      await kube.post(CRD_PATH, crd);
      names.push((crd.metadata as { name: string }).name);
    }
  }
  await waitFor(
    `${names.length} CRDs Established`,
    async () => {
      for (const n of names) {
        const c = await kube.get(`${CRD_PATH}/${n}`);
        const conds =
          ((c.status as Json | undefined)?.conditions as { type: string; status: string }[]) ?? [];
        if (!conds.some((x) => x.type === "Established" && x.status === "True")) return undefined;
      }
      return true;
    },
    60_000,
    250,
  );
  return names;
}

/**
 * Every planned Calico object created as a dry run with strict field validation (`dryRun=All&fieldValidation=Strict`):
 * the API server refuses a field the installed CRDs (the cluster's Calico release) lack, where the real create would
 * prune it silently. Returns the refusals, one line each, and how many were checked.
 */
export async function calicoFieldsAccepted(
  kube: KubeClient,
  kinds: KindResolver,
  objects: KubernetesObject[],
): Promise<{ checked: number; refused: string[] }> {
  const refused: string[] = [];
  let checked = 0;
  for (const o of objects.filter(
    (x) => x.mode === "create" && x.body.apiVersion.startsWith("crd.projectcalico.org/"),
  )) {
    const { apiVersion, kind, metadata } = o.body;
    const path = await kinds.path(apiVersion, kind, undefined, metadata.namespace);
    try {
      await kube.call("POST", `${path}?dryRun=All&fieldValidation=Strict`, o.body);
    } catch (e) {
      if (!(e instanceof KubeError)) throw e;
      refused.push(`${kind} ${metadata.name}: ${e.message}`);
    }
    checked++;
  }
  return { checked, refused };
}

export interface Registration {
  name: string;
  /** `--node-labels` (the zone label). */
  labels: Record<string, string>;
  address: string;
  taints: { key: string; value?: string; effect: string }[];
}

/**
 * A Node as its kubelet registers it: the well-known labels, the zone from `--node-labels`, the taints from
 * `--register-with-taints`, and its InternalIP. The admission policies see exactly this CREATE.
 */
export async function registerNode(kube: KubeClient, r: Registration): Promise<Json> {
  const node = await kube.post("/api/v1/nodes", {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: r.name,
      labels: {
        "kubernetes.io/hostname": r.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        ...r.labels,
      },
      annotations: { ...KWOK_ANNOTATION },
    },
    spec: r.taints.length > 0 ? { taints: r.taints } : {},
  });
  await kube.mergePatch(`/api/v1/nodes/${encodeURIComponent(r.name)}/status`, {
    status: {
      addresses: [
        { type: "InternalIP", address: r.address },
        { type: "Hostname", address: r.name },
      ],
    },
  });
  return node;
}

/**
 * Nodes registered as their kubelets would, then (with Calico's confd) each node's addresses as calico-node writes
 * them, then Ready through kwok: the cluster's nodes before the first `up`, and a new zone's before its `up`.
 */
export async function registerNodes(
  kube: KubeClient,
  plan: NetworkPlan,
  regs: Registration[],
  confd:
    { registered(kube: KubeClient, plan: NetworkPlan, nodes: string[]): Promise<void> } | undefined,
): Promise<void> {
  for (const r of regs) await registerNode(kube, r);
  const names = regs.map((r) => r.name);
  await confd?.registered(kube, plan, names);
  await nodesReady(kube, names);
}

/** Waits until kwok reports every named Node Ready. */
export async function nodesReady(
  kube: KubeClient,
  names: string[],
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    `${names.length} Nodes Ready`,
    async () => {
      const nodes = await kube.list("/api/v1/nodes");
      const ready = new Set(
        nodes
          .filter((n) =>
            (
              ((n.status as Json | undefined)?.conditions as { type: string; status: string }[]) ??
              []
            ).some((c) => c.type === "Ready" && c.status === "True"),
          )
          .map((n) => (n.metadata as { name: string }).name),
      );
      return names.every((n) => ready.has(n)) ? true : undefined;
    },
    timeoutMs,
    250,
  );
}

/**
 * Waits until every named Node carries `annotation: value` (the zone AS a status report brings a Node registered
 * before its zone's admission policy); returns the seconds waited.
 */
export async function nodesAnnotated(
  kube: KubeClient,
  want: Map<string, string>,
  annotation: string,
  timeoutMs = 60_000,
): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    `${[...want].map(([n, v]) => `${n} ${annotation}=${v}`).join(", ")}`,
    async () => {
      const nodes = await kube.list("/api/v1/nodes");
      const got = new Map(
        nodes.map((n) => {
          const m = n.metadata as { name: string; annotations?: Record<string, string> };
          return [m.name, m.annotations?.[annotation]];
        }),
      );
      return [...want].every(([n, v]) => got.get(n) === v) ? true : undefined;
    },
    timeoutMs,
    250,
  );
  return Math.round((Date.now() - t0) / 100) / 10;
}
