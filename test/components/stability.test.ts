// Names are a contract: config changes add or remove only their own resources and never touch the others.
import assert from "node:assert/strict";
import { clusterOf } from "../helpers/cluster";
import { key, record, reveal, type Recorded } from "../../harness/mocks";
import { clone, reordered, stackConfig, withZone4 } from "../helpers/fixtures";

async function resources(raw: Record<string, unknown>): Promise<Map<string, Recorded>> {
  const recs = await record(() => clusterOf(raw));
  return new Map(
    recs.map((r) => [key(r), { ...r, inputs: reveal(r.inputs) as Record<string, unknown> }]),
  );
}

/** Resources only in `after`, after asserting that every resource of `before` is unchanged in `after`. */
function added(before: Map<string, Recorded>, after: Map<string, Recorded>): string[] {
  for (const [k, r] of before) {
    const now = after.get(k);
    assert.ok(now, `${k} disappeared`);
    assert.deepEqual(now.inputs, r.inputs, `${k} changed its inputs`);
    assert.equal(now.parent, r.parent, `${k} changed its parent`);
    assert.equal(now.deleteBeforeReplace, r.deleteBeforeReplace, `${k} changed its options`);
  }
  return [...after.keys()].filter((k) => !before.has(k)).sort();
}

describe("resource stability", () => {
  let prod: Map<string, Recorded>;
  before(async () => {
    prod = await resources(stackConfig("prod"));
  });

  it("adding a fourth zone only adds that zone's resources", async () => {
    const more = added(prod, await resources(withZone4(stackConfig("prod"))));
    assert.deepEqual(more, [
      "bgp-fabric:index:MasterPair::az4-masters",
      "bgp-fabric:index:Zone::az4",
      "command:remote:Command::az4-core1-bgp-base",
      "command:remote:Command::az4-core1-neighbor-10.4.0.11",
      "command:remote:Command::az4-core1-neighbor-10.4.0.12",
      "command:remote:Command::az4-core1-neighbor-10.4.0.21",
      "command:remote:Command::az4-core1-neighbor-10.4.0.22",
      "command:remote:Command::az4-core2-bgp-base",
      "command:remote:Command::az4-core2-neighbor-10.4.0.11",
      "command:remote:Command::az4-core2-neighbor-10.4.0.12",
      "command:remote:Command::az4-core2-neighbor-10.4.0.21",
      "command:remote:Command::az4-core2-neighbor-10.4.0.22",
      "kubernetes:admissionregistration.k8s.io/v1:MutatingAdmissionPolicy::az4-asn-policy",
      "kubernetes:admissionregistration.k8s.io/v1:MutatingAdmissionPolicy::az4-asn-status-policy",
      "kubernetes:admissionregistration.k8s.io/v1:MutatingAdmissionPolicyBinding::az4-asn-policy-binding",
      "kubernetes:admissionregistration.k8s.io/v1:MutatingAdmissionPolicyBinding::az4-asn-status-policy-binding",
      "kubernetes:core/v1:NodePatch::az4-node-fra1-az4-in1",
      "kubernetes:core/v1:NodePatch::az4-node-fra1-az4-in2",
      "kubernetes:core/v1:NodePatch::az4-node-fra1-az4-m1",
      "kubernetes:core/v1:NodePatch::az4-node-fra1-az4-m2",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-ingress-to-core1",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-ingress-to-core2",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-nodes-to-rrs",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-rrs-to-core1",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-rrs-to-core2",
      "kubernetes:crd.projectcalico.org/v1:BGPPeer::az4-bgppeer-rrs-to-rrs",
      "kubernetes:crd.projectcalico.org/v1:IPPool::az4-ippool",
    ]);
  });

  it("adding an ingress node adds only its Node patch and one neighbor per switch of its zone", async () => {
    const raw = clone(stackConfig("prod")) as {
      zones: { az1: { ingressNodes: Record<string, { address: string }> } };
    };
    raw.zones.az1.ingressNodes["fra1-az1-in3"] = { address: "10.1.0.23" };
    const more = added(prod, await resources(raw as unknown as Record<string, unknown>));
    assert.deepEqual(more, [
      "command:remote:Command::az1-core1-neighbor-10.1.0.23",
      "command:remote:Command::az1-core2-neighbor-10.1.0.23",
      "kubernetes:core/v1:NodePatch::az1-node-fra1-az1-in3",
    ]);
  });

  it("reordering zones, switches, nodes and pools in the config changes nothing", async () => {
    const shuffled = await resources(reordered(stackConfig("prod")));
    assert.deepEqual(added(prod, shuffled), []);
    assert.equal(shuffled.size, prod.size);
  });
});
