// The e2e policy step's reading of the CLI's output: the policies a preview lists as mandatory violations, in the
// form the CLI (v3.248.0, preview without the diff) printed in the e2e's run of 2026-12-06.
import assert from "node:assert/strict";
import { violatedPolicies } from "../../e2e/policy-step";

const FAILED = `   | Policies:
   |     ❌ bgp-fabric@v0.1.0 (local: /work/wt-i21-policy/policy)
   |         - [mandatory]  switch-host-key-pinned  (command:remote:Command: az1-core1-bgp-base)
   |           Every switch command's SSH connection pins the switch's host key
   |         - [mandatory]  switch-host-key-pinned  (command:remote:Command: az1-core1-neighbor-10.11.0.11)
   |           Every switch command's SSH connection pins the switch's host key
   |         - [advisory]  loadbalancer-pool-size  (kubernetes:metallb.io/v1beta1:IPAddressPool: metallb-pool-public)
   |         - [mandatory]  ingress-nodes-per-zone  (kubernetes:core/v1:NodePatch: az1-node-lab-az1-in1)
`.replace(/^ {3}\| /gm, "");

describe("e2e policy step: violations read from the CLI's output", () => {
  it("lists each policy with a mandatory violation once, sorted; advisory ones are not failures", () => {
    assert.deepEqual(violatedPolicies(FAILED), [
      "ingress-nodes-per-zone",
      "switch-host-key-pinned",
    ]);
  });
  it("lists none for a passing pack", () => {
    assert.deepEqual(
      violatedPolicies("Policies:\n    ✅ bgp-fabric@v0.1.0 (local: /work/wt-i21-policy/policy)\n"),
      [],
    );
  });
});
