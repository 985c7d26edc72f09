// What the plan's MutatingAdmissionPolicies do to a Node when the kubelet registers it: the lab has no API
// server, so it evaluates exactly the CEL shapes the model emits (a label-equality match condition and an
// ApplyConfiguration adding annotations) and throws on anything else.
import type { KubernetesObject } from "../model/types";
import type { Labels } from "./selector";

interface Policy {
  name: string;
  /** Every [key, value] label equality in the match conditions must hold. */
  labelEquals: [string, string][];
  annotations: Record<string, string>;
}

const LABEL_EQ = /object\.metadata\.labels\['([^']+)'\]\s*==\s*'([^']*)'/g;
// `has(object.metadata.labels) && 'k' in object.metadata.labels && object.metadata.labels['k'] == 'v'`
const CONDITION =
  /^has\(object\.metadata\.labels\)( && '[^']+' in object\.metadata\.labels && object\.metadata\.labels\['[^']+'\] == '[^']*')+$/;
// `Object{metadata: Object.metadata{annotations: {'k': 'v', ...}}}`
const APPLY =
  /^Object\{metadata: Object\.metadata\{annotations: \{((?:'[^']+': '[^']*'(?:, )?)+)\}\}\}$/;

function policyOf(obj: KubernetesObject): Policy {
  const spec = obj.body.spec as {
    matchConstraints?: { resourceRules?: { resources?: string[]; operations?: string[] }[] };
    matchConditions?: { expression: string }[];
    mutations?: { patchType: string; applyConfiguration?: { expression: string } }[];
  };
  const where = `lab: MutatingAdmissionPolicy ${obj.body.metadata.name}`;
  const rules = spec.matchConstraints?.resourceRules ?? [];
  if (!rules.some((r) => r.resources?.includes("nodes") && r.operations?.includes("CREATE"))) {
    throw new Error(`${where} does not act on Node CREATE; the lab only models node registration`);
  }
  const labelEquals: [string, string][] = [];
  for (const c of spec.matchConditions ?? []) {
    if (!CONDITION.test(c.expression))
      throw new Error(
        `${where}: match condition ${JSON.stringify(c.expression)} is not a label equality; extend lab/admission.ts`,
      );
    for (const m of c.expression.matchAll(LABEL_EQ)) labelEquals.push([m[1], m[2]]);
  }
  const annotations: Record<string, string> = {};
  for (const mu of spec.mutations ?? []) {
    const m =
      mu.patchType === "ApplyConfiguration"
        ? APPLY.exec(mu.applyConfiguration?.expression ?? "")
        : null;
    if (!m)
      throw new Error(
        `${where}: mutation ${JSON.stringify(mu)} is not an annotation ApplyConfiguration; extend lab/admission.ts`,
      );
    for (const kv of m[1].matchAll(/'([^']+)': '([^']*)'/g)) annotations[kv[1]] = kv[2];
  }
  return { name: obj.body.metadata.name, labelEquals, annotations };
}

/** Policies that are bound (a MutatingAdmissionPolicyBinding names them); an unbound policy does nothing. */
export function admissionPolicies(objects: KubernetesObject[]): Policy[] {
  const bound = new Set(
    objects
      .filter((o) => o.body.kind === "MutatingAdmissionPolicyBinding")
      .map((o) => (o.body.spec as { policyName: string }).policyName),
  );
  return objects
    .filter((o) => o.body.kind === "MutatingAdmissionPolicy" && bound.has(o.body.metadata.name))
    .map(policyOf);
}

/** Annotations the bound policies add to a Node created with these labels. */
export function admit(policies: Policy[], labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of policies) {
    if (p.labelEquals.every(([k, v]) => labels[k] === v)) Object.assign(out, p.annotations);
  }
  return out;
}
