// Every emitted Calico and MetalLB object validates against the upstream CRD schema of the version it targets.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parseAllDocuments } from "yaml";
import { clone, dualStack, planOf, ROOT, stackConfig } from "./helpers/fixtures";

const CRDS = join(ROOT, "..", "shared", "crds");

type Schema = Record<string, unknown>;

/** Kubernetes prunes unknown fields silently; here an unknown field is an error, so typos cannot hide. */
function closeObjects(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(closeObjects);
  if (s === null || typeof s !== "object") return s;
  const o = Object.fromEntries(
    Object.entries(s as Schema).map(([k, v]) => [
      k,
      k === "properties"
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, closeObjects(ps)]))
        : closeObjects(v),
    ]),
  );
  if (
    o.properties &&
    o.additionalProperties === undefined &&
    !o["x-kubernetes-preserve-unknown-fields"]
  )
    o.additionalProperties = false;
  return o;
}

function validators(dir: string): Map<string, ValidateFunction> {
  // CRD patterns are Go regular expressions; `(?i)` becomes JavaScript's `i` flag.
  const regExp = Object.assign(
    (pattern: string, flags: string) =>
      pattern.includes("(?i)")
        ? new RegExp(pattern.replace("(?i)", ""), `${flags}i`)
        : new RegExp(pattern, flags),
    { code: "new RegExp" },
  );
  const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp } });
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("cidr", /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  const out = new Map<string, ValidateFunction>();
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".yaml") && !f.includes("v3-native"),
  );
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
      const crd = doc.toJS() as {
        spec: {
          group: string;
          names: { kind: string };
          versions: { name: string; schema: { openAPIV3Schema: Schema } }[];
        };
      };
      for (const v of crd.spec.versions)
        out.set(
          `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
          ajv.compile(closeObjects(v.schema.openAPIV3Schema) as Schema),
        );
    }
  }
  return out;
}

function check(plan: ReturnType<typeof planOf>, schemas: Map<string, ValidateFunction>): number {
  let checked = 0;
  for (const o of plan.kubernetes) {
    if (!/^(crd\.projectcalico\.org|metallb\.io)\//.test(o.body.apiVersion)) continue;
    const validate = schemas.get(`${o.body.apiVersion}/${o.body.kind}`);
    assert.ok(validate, `no schema for ${o.body.apiVersion} ${o.body.kind}`);
    assert.ok(validate(o.body), `${o.resourceName}: ${JSON.stringify(validate.errors)}`);
    checked++;
  }
  return checked;
}

describe("emitted objects against upstream CRD schemas", function () {
  before(function () {
    if (!existsSync(CRDS))
      throw new Error(`${CRDS} is missing: the CRD schemas live in shared/ beside the project`);
  });

  it("prod (Calico 3.32.1, MetalLB 0.16.1): every Calico and MetalLB object is valid", () => {
    const schemas = new Map([
      ...validators(join(CRDS, "calico-v3.32.1")),
      ...validators(join(CRDS, "metallb-v0.16.1")),
    ]);
    assert.equal(check(planOf(stackConfig("prod")), schemas), 24);
  });

  it("a Calico 3.30.7 stack emits only fields the 3.30.7 schema has", () => {
    const raw = clone(stackConfig("prod")) as { calico: { version: string } };
    raw.calico.version = "3.30.7";
    const schemas = new Map([
      ...validators(join(CRDS, "calico-v3.30.7")),
      ...validators(join(CRDS, "metallb-v0.16.1")),
    ]);
    assert.equal(check(planOf(raw as unknown as Record<string, unknown>), schemas), 24);
  });

  it("dual-stack (issue 19): the IPv6 IPPools, BGPPeers, BGPFilter exportV6 and the pool of both families are valid on 3.32.1 and 3.30.7", () => {
    for (const calico of ["3.32.1", "3.30.7"]) {
      const raw = dualStack();
      raw.calico.version = calico;
      const schemas = new Map([
        ...validators(join(CRDS, `calico-v${calico}`)),
        ...validators(join(CRDS, "metallb-v0.16.1")),
      ]);
      const plan = planOf(raw);
      assert.ok(plan.kubernetes.some((o) => o.resourceName === "az1-ippool-v6"));
      assert.equal(check(plan, schemas), 27, calico);
    }
  });

  it("the closed schemas catch a misspelt field", () => {
    const schemas = validators(join(CRDS, "calico-v3.32.1"));
    const validate = schemas.get("crd.projectcalico.org/v1/BGPPeer")!;
    assert.equal(
      validate({
        apiVersion: "crd.projectcalico.org/v1",
        kind: "BGPPeer",
        metadata: { name: "x" },
        spec: { peerIp: "10.0.0.1" },
      }),
      false,
    );
  });
});
