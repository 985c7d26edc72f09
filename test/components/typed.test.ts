// Typed SDK classes for built-in kinds: a Kubernetes upgrade that moves the admission policy from v1beta1 (1.34,
// 1.35) to v1 (1.36) must update the objects in place, which needs the new class to alias the old one's URN.
import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { clusterOf } from "../helpers/cluster";
import { classFor, CRD_GROUPS, TYPED_CLASSES, TYPED_PATCH_CLASSES } from "../../components/typed";
import { KUBERNETES_GATES } from "../../model/core/versions";
import { key, record, type Recorded } from "../../harness/mocks";
import { clone, stackConfig } from "../helpers/fixtures";

/** prod with a BGP password in az1 (Secret, Role, RoleBinding) at a given Kubernetes version. */
function prodAt(version: string) {
  const raw = clone(stackConfig("prod")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw.kubernetes.version = version;
  return raw;
}

async function registered(version: string): Promise<Recorded[]> {
  return record(() => clusterOf(prodAt(version), { az1: "az1-Md5-Pw.2026" }));
}

const MAP = "kubernetes:admissionregistration.k8s.io";

describe("typed classes for built-in kinds", () => {
  it("has one class per built-in kind the version gates know; CRD groups stay CustomResources", () => {
    const builtIn = Object.keys(KUBERNETES_GATES).sort();
    assert.deepEqual(
      [...Object.keys(TYPED_CLASSES), ...Object.keys(TYPED_PATCH_CLASSES)].sort(),
      builtIn,
    );
    assert.equal(
      classFor("admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy", "create"),
      k8s.admissionregistration.v1beta1.MutatingAdmissionPolicy,
    );
    assert.equal(
      classFor("admissionregistration.k8s.io/v1", "MutatingAdmissionPolicyBinding", "create"),
      k8s.admissionregistration.v1.MutatingAdmissionPolicyBinding,
    );
    assert.equal(classFor("rbac.authorization.k8s.io/v1", "Role", "create"), k8s.rbac.v1.Role);
    assert.equal(classFor("v1", "Node", "patch"), k8s.core.v1.NodePatch);
    assert.deepEqual(CRD_GROUPS, ["crd.projectcalico.org", "metallb.io"]);
    assert.equal(
      classFor("crd.projectcalico.org/v1", "BGPPeer", "create"),
      k8s.apiextensions.CustomResource,
    );
    assert.equal(
      classFor("crd.projectcalico.org/v1", "BGPConfiguration", "patch"),
      k8s.apiextensions.CustomResourcePatch,
    );
    assert.throws(
      () => classFor("apps/v1", "Deployment", "create"),
      /^Error: internal: no resource class for create of apps\/v1\/Deployment; add it to components\/typed.ts$/,
    );
    assert.throws(
      () => classFor("v1", "Node", "create"),
      /no resource class for create of v1\/Node/,
    );
  });

  describe("Kubernetes 1.35 -> 1.36", () => {
    let before: Recorded[];
    let after: Recorded[];
    const byName = (rs: Recorded[], name: string) => {
      const r = rs.find((x) => x.name === name && x.type.startsWith("kubernetes:"));
      assert.ok(r, name);
      return r;
    };
    before = [];
    after = [];
    it("registers v1beta1 classes on 1.35 and v1 classes on 1.36", async () => {
      before = await registered("1.35");
      after = await registered("1.36");
      for (const z of ["az1", "az2", "az3"]) {
        const p35 = byName(before, `${z}-asn-policy`);
        const p36 = byName(after, `${z}-asn-policy`);
        assert.equal(p35.type, `${MAP}/v1beta1:MutatingAdmissionPolicy`);
        assert.ok(
          p35.resource instanceof k8s.admissionregistration.v1beta1.MutatingAdmissionPolicy,
        );
        assert.equal(p36.type, `${MAP}/v1:MutatingAdmissionPolicy`);
        assert.ok(p36.resource instanceof k8s.admissionregistration.v1.MutatingAdmissionPolicy);
        const b35 = byName(before, `${z}-asn-policy-binding`);
        const b36 = byName(after, `${z}-asn-policy-binding`);
        assert.ok(
          b35.resource instanceof k8s.admissionregistration.v1beta1.MutatingAdmissionPolicyBinding,
        );
        assert.ok(
          b36.resource instanceof k8s.admissionregistration.v1.MutatingAdmissionPolicyBinding,
        );
      }
      const role = byName(after, "az1-bgp-passwords-reader");
      assert.equal(role.type, "kubernetes:rbac.authorization.k8s.io/v1:Role");
      assert.ok(role.resource instanceof k8s.rbac.v1.Role);
      const binding = byName(after, "az1-bgp-passwords-reader-calico-node");
      assert.equal(binding.type, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
      assert.ok(binding.resource instanceof k8s.rbac.v1.RoleBinding);
      assert.ok(byName(after, "az1-bgp-passwords").resource instanceof k8s.core.v1.Secret);
    });

    it("the 1.36 policy and binding alias the 1.35 URNs (an update in place), and back for a rollback", () => {
      assert.ok(after.length > 0 && before.length > 0, "the previous test registered both");
      const moved = after.filter((r) => r.type.startsWith(`${MAP}/`));
      assert.equal(moved.length, 12);
      for (const r of moved) {
        const old = byName(before, r.name);
        assert.notEqual(old.urn, r.urn);
        // The engine's URN of each (the mock monitor's URNs name only the direct parent's type; the engine's, like
        // the SDK's aliases, name the whole parent chain).
        const urn = (x: Recorded) =>
          `urn:pulumi:prod::bgp-fabric::bgp-fabric:index:Cluster$bgp-fabric:index:Zone$${x.type}::${x.name}`;
        assert.ok(old.urn.endsWith(`$${old.type}::${r.name}`), old.urn);
        assert.ok(r.aliases.includes(urn(old)), `${r.name}: ${r.aliases.join(", ")}`);
        assert.ok(old.aliases.includes(urn(r)), `${r.name} rollback: ${old.aliases.join(", ")}`);
      }
    });

    it("leaves every other resource's URN and inputs as they were", () => {
      const rest = (rs: Recorded[]) =>
        rs
          .filter((r) => !r.type.startsWith(`${MAP}/`))
          .map((r) => [r.urn, JSON.stringify(r.inputs)]);
      assert.deepEqual(rest(after), rest(before));
      assert.deepEqual(
        after.filter((r) => r.type.startsWith(`${MAP}/`)).map(key).length,
        before.filter((r) => r.type.startsWith(`${MAP}/`)).map(key).length,
      );
    });
  });
});
