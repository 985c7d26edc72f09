// The e2e's dual-stack stack (`--config e2e/stacks/Pulumi.lab6.yaml`, issue 19): the lab's datacenter with IPv6 beside
// IPv4 in every zone, planned through the one pipeline with no preflight error, for the lab's Calico and confd's.
import assert from "node:assert/strict";
import { join } from "node:path";
import { CONFD_CALICO_VERSION } from "../../e2e/confd/confd-side";
import { planFromStack } from "../../lab/plan-source";
import { checkStack } from "../../model/pipeline";
import { readStackFile } from "../../model/spec/stack-file";
import { everyCheck } from "../../model/verify/preflight";
import { ROOT } from "../helpers/fixtures";

describe("e2e stack lab6 (dual-stack)", () => {
  const file = join(ROOT, "e2e/stacks/Pulumi.lab6.yaml");
  const plan = planFromStack(file);

  it("is the lab's datacenter with every session again over IPv6 and a pool of each family", () => {
    assert.deepEqual(
      plan.zones.map((z) => `${z.name} ${z.ipv6?.nodeCidr} ${z.ipv6?.podCidr}`),
      ["az1 fd00:11::/64 fd00:111::/56", "az2 fd00:12::/64 fd00:112::/56"],
    );
    assert.equal(plan.sessions.length, 60);
    assert.equal(plan.sessions.filter((s) => s.family === "ipv6").length, 30);
    assert.deepEqual(
      plan.loadBalancerPools.map((p) => p.cidr),
      ["203.0.113.0/28", "2001:db8:113::/124"],
    );
  });

  it("passes every preflight check, for the lab's Calico and for confd's", () => {
    assert.deepEqual(everyCheck(plan).errors, []);
    const raw = readStackFile(file);
    const confd = checkStack(
      { ...raw, calico: { version: CONFD_CALICO_VERSION } },
      { requireSecrets: false },
    ).plan;
    assert.equal(confd.versions.calico, CONFD_CALICO_VERSION);
    assert.deepEqual(everyCheck(confd).errors, []);
  });
});
