// The e2e's larger lab stack (`--config e2e/stacks/Pulumi.lab3.yaml`): three zones, three ingress nodes in az1, two
// workers in az3, planned through the one pipeline with no preflight error.
import assert from "node:assert/strict";
import { join } from "node:path";
import { CONFD_CALICO_VERSION } from "../../e2e/confd/confd-side";
import { planFromStack } from "../../lab/plan-source";
import { checkStack } from "../../model/pipeline";
import { readStackFile } from "../../model/spec/stack-file";
import { everyCheck } from "../../model/verify/preflight";
import { ROOT } from "../helpers/fixtures";

describe("e2e stack lab3", () => {
  const plan = planFromStack(join(ROOT, "e2e/stacks/Pulumi.lab3.yaml"));

  it("is the lab's shape grown: three zones, more ingress nodes, more workers", () => {
    assert.deepEqual(
      plan.zones.map(
        (z) =>
          `${z.name} AS${z.asn} ${z.reflectors.length}m ${z.ingressNodes.length}in ${z.workers.length}w`,
      ),
      ["az1 AS65201 2m 3in 1w", "az2 AS65202 2m 2in 1w", "az3 AS65203 2m 2in 2w"],
    );
    assert.equal(plan.switches.length, 6);
  });

  it("passes every preflight check, for the lab's Calico and for confd's", () => {
    assert.deepEqual(everyCheck(plan).errors, []);
    const raw = readStackFile(join(ROOT, "e2e/stacks/Pulumi.lab3.yaml"));
    const confd = checkStack(
      { ...raw, calico: { version: CONFD_CALICO_VERSION } },
      { requireSecrets: false },
    ).plan;
    assert.equal(confd.versions.calico, CONFD_CALICO_VERSION);
    assert.deepEqual(everyCheck(confd).errors, []);
  });
});
