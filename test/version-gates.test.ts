// The version-gate table (model/core/versions.ts) against the upstream CRD schemas in ../shared/crds/: every field the
// CRDs have is gated, and each gate agrees with which release's schema has the field.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  atLeast,
  CALICO_GATES,
  METALLB_GATES,
  parseVersion,
  type Gate,
} from "../model/core/versions";
import { ROOT } from "./helpers/fixtures";

const CRDS = join(ROOT, "..", "shared", "crds");

type Schema = { properties?: Record<string, Schema>; items?: Schema };

/** `Kind` and `Kind.spec.a[].b` for every property of every CRD in a directory. */
function fields(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (s: Schema | undefined, path: string) => {
    if (!s) return;
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      out.add(`${path}.${k}`);
      walk(v, `${path}.${k}`);
    }
    if (s.items) walk(s.items, `${path}[]`);
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
      const crd = doc.toJS() as {
        spec: {
          names: { kind: string };
          versions: { schema: { openAPIV3Schema: { properties: { spec: Schema } } } }[];
        };
      };
      const kind = crd.spec.names.kind;
      out.add(kind);
      for (const v of crd.spec.versions)
        walk(v.schema.openAPIV3Schema.properties.spec, `${kind}.spec`);
    }
  }
  return out;
}

/** Whether a gate says the field exists in release `v`. */
const exists = (g: Gate, v: string) => {
  const r = parseVersion(v)!;
  return atLeast(r, parseVersion(g.since)!) && !(g.until && atLeast(r, parseVersion(g.until)!));
};

describe("version gates against the upstream CRD schemas", () => {
  before(function () {
    if (!existsSync(CRDS)) throw new Error(`${CRDS} is missing`);
  });

  for (const release of ["3.30.7", "3.32.1"]) {
    it(`Calico ${release}: the schema has exactly the fields the gates open`, () => {
      const schema = fields(join(CRDS, `calico-v${release}`, "crd.projectcalico.org_v1"));
      for (const f of schema)
        assert.ok(CALICO_GATES[f], `${f} (in the ${release} CRD) has no gate`);
      for (const [f, g] of Object.entries(CALICO_GATES))
        assert.equal(
          schema.has(f),
          exists(g, release),
          `${f}: gate ${g.since}${g.until ? `-${g.until}` : ""}`,
        );
    });
  }

  it("MetalLB 0.16.1: the schema has exactly the fields the gates open", () => {
    const schema = fields(join(CRDS, "metallb-v0.16.1"));
    for (const f of schema) assert.ok(METALLB_GATES[f], `${f} has no gate`);
    for (const [f, g] of Object.entries(METALLB_GATES))
      assert.equal(schema.has(f), exists(g, "0.16.1"), f);
  });

  it("dates the fields the domain brief names: keepaliveTime 3.32, filters 3.26, aggregation 3.31", () => {
    assert.equal(CALICO_GATES["BGPPeer.spec.keepaliveTime"].since, "3.32.0");
    assert.equal(CALICO_GATES["BGPPeer.spec.filters"].since, "3.26.0");
    assert.equal(
      CALICO_GATES["BGPConfiguration.spec.serviceLoadBalancerAggregation"].since,
      "3.31.0",
    );
    assert.equal(CALICO_GATES.BGPFilter.since, "3.26.0");
  });
});
