// Drain as config in the components (docs/drain.md): a drained node's waits are `remote.Command`s after the node
// patch and the switch's neighbor command, deleted with that neighbor command; nothing else is added or changed.
import assert from "node:assert/strict";
import { clusterOf } from "../helpers/cluster";
import { key, record, type Recorded } from "../../harness/mocks";
import { clone, planOf, stackConfig } from "../helpers/fixtures";

const run = (raw: Record<string, unknown>) => record(() => clusterOf(raw), "lab");
const COMMAND = "command:remote:Command";
const NODE_PATCH = "kubernetes:core/v1:NodePatch";

describe("drain as config: the components", () => {
  it("adds one wait per switch of the zone, after the node patch and the neighbor command, deleted with the neighbor", async () => {
    const served = await run(clone(stackConfig("lab")));
    const raw = clone(stackConfig("lab")) as any;
    raw.zones.az1.ingressNodes["lab-az1-in1"].drain = true;
    const plan = planOf(raw);
    const drained = await run(raw);
    const names = (rs: Recorded[]) => rs.map(key);
    assert.deepEqual(
      names(drained).filter((k) => !names(served).includes(k)),
      [`${COMMAND}::az1-core1-drain-lab-az1-in1`, `${COMMAND}::az1-core2-drain-lab-az1-in1`],
    );
    for (const sw of ["core1", "core2"]) {
      const w = drained.find((r) => r.name === `az1-${sw}-drain-lab-az1-in1`)!;
      const wait = plan.switches.find((s) => s.name === sw && s.zone === "az1")!.drainWaits![0];
      assert.deepEqual(
        {
          parent: w.parent,
          dependsOn: w.dependsOn,
          deletedWith: w.deletedWith,
          create: w.inputs.create,
          delete: w.inputs.delete,
          triggers: w.inputs.triggers,
        },
        {
          parent: "bgp-fabric:index:Zone::az1",
          dependsOn: [
            `${COMMAND}::az1-${sw}-neighbor-10.11.0.21`,
            `${NODE_PATCH}::az1-node-lab-az1-in1`,
          ],
          deletedWith: `${COMMAND}::az1-${sw}-neighbor-10.11.0.21`,
          create: wait.create,
          delete: wait.delete,
          triggers: undefined,
        },
      );
    }
    // The node patch carries the label; every other resource registers exactly as before.
    const patch = drained.find((r) => r.name === "az1-node-lab-az1-in1")!;
    assert.deepEqual((patch.inputs.metadata as { labels: Record<string, string> }).labels, {
      "topology.kubernetes.io/zone": "az1",
      "bgp-fabric.io/ingress": "true",
      "node.kubernetes.io/exclude-from-external-load-balancers": "true",
    });
    const strip = (r: Recorded) => JSON.stringify({ ...r, resource: undefined, urn: undefined });
    assert.deepEqual(
      served.filter((r) => r.name !== "az1-node-lab-az1-in1").map(strip),
      drained
        .filter((r) => names(served).includes(key(r)) && r.name !== "az1-node-lab-az1-in1")
        .map(strip),
    );
  });
});
