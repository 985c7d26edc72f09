// Version gates: every kind and field of every emitted object must exist in the release the stack targets
// (Calico and MetalLB CRD history, Kubernetes API levels), per the one table in model/core/versions.ts.
import {
  atLeast,
  CALICO_GATES,
  CHECKED_CHARTS,
  DUAL_STACK_LOCAL_ADVERTISEMENT,
  GATES,
  KUBERNETES_GATES,
  METALLB_GATES,
  parseVersion,
  type Gate,
} from "../../core/versions";
import type { KubernetesObject } from "../../core/types";
import { error, warning, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";
import type { Scope } from ".";

interface Product {
  name: string;
  /** Config path of its version. */
  path: string;
  version: string;
  table: Record<string, Gate>;
  /** Table key of an object's kind; undefined when the object is not this product's. */
  kindKey: (o: KubernetesObject) => string | undefined;
  /** Whether its spec fields are gated (CRDs) or only the kind (built-in APIs). */
  fields: boolean;
}

/** `spec.a`, `spec.a.b`, list items as `spec.a[].b`: every key path of a body's spec. */
function fieldPaths(value: unknown, prefix: string, out: string[]): string[] {
  if (Array.isArray(value)) {
    for (const item of value) fieldPaths(item, `${prefix}[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = `${prefix}.${k}`;
      out.push(p);
      fieldPaths(v, p, out);
    }
  }
  return out;
}

const some = (xs: string[]) =>
  xs.length <= 3 ? xs.join(", ") : `${xs.slice(0, 3).join(", ")} and ${xs.length - 3} more`;

/**
 * Runtime: a kind or field the target release does not have yet (the stack's versions). Invariants: a kind or field
 * without a gate, or one the release removed (the planner chooses fields by version).
 */
export function gateChecks(idx: PlanIndex, findings: Finding[], scope: Scope): void {
  const { versions } = idx.plan;
  const products: Product[] = [
    {
      name: "Calico",
      path: "calico.version",
      version: versions.calico,
      table: CALICO_GATES,
      kindKey: (o) => (o.body.apiVersion === "crd.projectcalico.org/v1" ? o.body.kind : undefined),
      fields: true,
    },
    {
      name: "MetalLB",
      path: "metallb.version",
      version: versions.metallb,
      table: METALLB_GATES,
      kindKey: (o) => (o.body.apiVersion === "metallb.io/v1beta1" ? o.body.kind : undefined),
      fields: true,
    },
    {
      name: "Kubernetes",
      path: "kubernetes.version",
      version: versions.kubernetes,
      table: KUBERNETES_GATES,
      kindKey: (o) =>
        /^(crd\.projectcalico\.org|metallb\.io)\//.test(o.body.apiVersion)
          ? undefined
          : `${o.body.apiVersion}/${o.body.kind}`,
      fields: false,
    },
  ];
  for (const p of products) {
    const v = parseVersion(p.version, true);
    if (!v) continue; // The schema refuses a malformed version before a plan exists.
    /** Table key -> the kind it belongs to, its field (absent for the kind itself) and the objects using it. */
    const uses = new Map<string, { kind: string; field?: string; objects: string[] }>();
    const use = (kind: string, field: string | undefined, o: KubernetesObject) => {
      const key = field === undefined ? kind : `${kind}.${field}`;
      const u = uses.get(key) ?? { kind, ...(field === undefined ? {} : { field }), objects: [] };
      u.objects.push(o.body.metadata.name);
      uses.set(key, u);
    };
    for (const o of idx.plan.kubernetes) {
      const kind = p.kindKey(o);
      if (kind === undefined) continue;
      use(kind, undefined, o);
      if (p.fields) for (const f of fieldPaths(o.body.spec, "spec", [])) use(kind, f, o);
    }
    const failedKinds = new Set<string>();
    // Kinds first, so a missing kind is reported once instead of once per field.
    const keys = [...uses.keys()].sort(
      (a, b) =>
        Number(uses.get(a)!.field !== undefined) - Number(uses.get(b)!.field !== undefined) ||
        a.localeCompare(b),
    );
    for (const key of keys) {
      const { kind, field, objects } = uses.get(key)!;
      if (field !== undefined && failedKinds.has(kind)) continue;
      const what = field === undefined ? kind : `${kind} ${field}`;
      const gate = p.table[key];
      if (!gate) {
        if (scope.invariants)
          findings.push(
            error(
              p.path,
              `${what} (${some(objects)}) has no version gate in model/core/versions.ts`,
              p.version,
              "add its first (and last) release to the gate table before emitting it",
            ),
          );
        continue;
      }
      const since = parseVersion(gate.since)!;
      const until = gate.until === undefined ? undefined : parseVersion(gate.until)!;
      if (!atLeast(v, since)) {
        if (field === undefined) failedKinds.add(kind);
        if (scope.runtime)
          findings.push(
            error(
              p.path,
              gate.problem ??
                `${what} (${some(objects)}) is unknown to ${p.name} before ${gate.since}`,
              p.version,
              gate.fix ?? `upgrade ${p.name} to ${gate.since} or later`,
            ),
          );
      } else if (until && atLeast(v, until)) {
        if (scope.invariants)
          findings.push(
            error(
              p.path,
              `${what} (${some(objects)}) was removed in ${p.name} ${gate.until}`,
              p.version,
              "emit its replacement field",
            ),
          );
      } else if (gate.warn && scope.runtime) {
        findings.push(warning(p.path, gate.warn.problem, p.version, gate.warn.fix));
      }
    }
  }
}

/** An ingress chart older than the one the release's values are checked against: its values may not exist there. */
export function chartChecks(idx: PlanIndex, findings: Finding[]): void {
  const v = parseVersion(idx.plan.versions.ingress);
  if (!v || atLeast(v, GATES.ingressChart.version)) return;
  const c = CHECKED_CHARTS.ingress;
  findings.push(
    warning(
      "ingress.version",
      `is older than ${c.chart} ${c.version} (app ${c.app}), the chart whose values this program sets and is checked against`,
      idx.plan.versions.ingress,
      `use ${c.version}`,
    ),
  );
}

/** The ingress Service's `controller.service` values as the plan sets them. */
function ingressService(idx: PlanIndex): Record<string, unknown> | undefined {
  for (const r of idx.plan.helmReleases) {
    const controller = r.values.controller as { service?: Record<string, unknown> } | undefined;
    if (controller?.service?.type === "LoadBalancer") return controller.service;
  }
  return undefined;
}

/**
 * A dual-stack `Local` ingress Service on a Calico release whose confd withdraws its LoadBalancer routes when an
 * EndpointSlice of its second family changes (DUAL_STACK_LOCAL_ADVERTISEMENT): refused, as the ingress addresses of
 * both families would come and go with pod churn.
 */
export function dualStackServiceGates(idx: PlanIndex, findings: Finding[]): void {
  const service = ingressService(idx);
  if (service?.ipFamilyPolicy !== "RequireDualStack" || service.externalTrafficPolicy !== "Local")
    return;
  const v = parseVersion(idx.plan.versions.calico, true);
  if (!v || !DUAL_STACK_LOCAL_ADVERTISEMENT.broken(v)) return;
  findings.push(
    error(
      "calico.version",
      "withdraws the dual-stack ingress Service's LoadBalancer routes of both families whenever its IPv6 EndpointSlice changes (its confd judges each slice by the Service's first family: calico #11502)",
      idx.plan.versions.calico,
      `use Calico ${DUAL_STACK_LOCAL_ADVERTISEMENT.text}, or IPv4 pools only`,
    ),
  );
}
