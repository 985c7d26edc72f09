// The Calico view (model/verify/calico-view.ts) that preflight checks and the lab renders into BIRD: the planned hosts as
// the API server would hold them, the joining worker only on request, and admission policies of the one shape.
import assert from "node:assert/strict";
import { calicoHalves, calicoNodes, type CalicoHalf } from "../../model/verify/calico-view";
import { formatProblem, type ConfigProblem } from "../../model/core/errors";
import { PlanIndex } from "../../model/verify/plan-index";
import type { NetworkPlan } from "../../model/core/types";
import { clone, planOf, stackConfig } from "../helpers/fixtures";

const lab = planOf(stackConfig("lab"));

function view(plan: NetworkPlan, joiningWorkers: boolean) {
  const idx = new PlanIndex(plan);
  const problems: string[] = [];
  const sink = (p: ConfigProblem) => {
    problems.push(formatProblem(p));
  };
  const nodes = calicoNodes(idx, sink, { joiningWorkers });
  return { nodes, halves: calicoHalves(idx, nodes, sink), problems };
}

const key = (h: CalicoHalf) =>
  `${h.local.name} -> ${h.peerNode?.name ?? h.peerAddress} AS${h.localAs}->AS${h.peerAs} rr-client=${h.rrClient} from ${h.from}`;

describe("calico view", () => {
  it("holds every planned host with its zone AS, reflector cluster ID and the taints its kubelet registers", () => {
    const { nodes, problems } = view(lab, false);
    assert.deepEqual(problems, []);
    const want = lab.zones.flatMap((z) => [
      ...z.reflectors.map(
        (n) => `${n.name} ${n.address} master AS${z.asn} ${z.routeReflectorClusterId} -`,
      ),
      ...z.ingressNodes.map(
        (n) => `${n.name} ${n.address} ingress AS${z.asn} - bgp-fabric.io/ingress=true:NoSchedule`,
      ),
      ...z.workers.map((n) => `${n.name} ${n.address} worker AS${z.asn} - -`),
    ]);
    assert.deepEqual(
      nodes.map(
        (n) =>
          `${n.name} ${n.address} ${n.role} AS${n.asn} ${n.clusterId ?? "-"} ${n.taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(",") || "-"}`,
      ),
      want,
    );
  });

  it("reads labels and taints from the plan's node registrations, not from the Node patches", () => {
    const plan = clone(lab);
    const in1 = plan.zones[0].ingressNodes[0].name;
    const reg = plan.nodeRegistrations.find((r) => r.node === in1)!;
    reg.taints = [{ key: "example.net/dedicated", effect: "NoExecute" }];
    reg.labels = { ...reg.labels, "example.net/rack": "r1" };
    assert.ok(plan.kubernetes.every((o) => o.body.kind !== "Node" || o.body.spec === undefined));
    const node = view(plan, false).nodes.find((n) => n.name === in1)!;
    assert.deepEqual(node.taints, [{ key: "example.net/dedicated", effect: "NoExecute" }]);
    assert.deepEqual(node.labels, {
      "topology.kubernetes.io/zone": plan.zones[0].name,
      "example.net/rack": "r1",
      "bgp-fabric.io/ingress": "true",
    });
  });

  it("adds a worker joining each zone only when asked, changing no other half-session", () => {
    const without = view(lab, false);
    const joining = view(lab, true);
    assert.deepEqual(joining.problems, []);
    assert.deepEqual(
      joining.nodes.filter((n) => n.joining).map((n) => `${n.label} AS${n.asn}`),
      lab.zones.map((z) => `a worker joining ${z.name} AS${z.asn}`),
    );
    assert.deepEqual(
      joining.halves.filter((h) => !h.local.joining && !h.peerNode?.joining).map(key),
      without.halves.map(key),
    );
  });

  it("fails when an admission policy does not act on Node CREATE, leaving the zone's joining worker without an AS", () => {
    const plan = clone(lab);
    const policy = plan.kubernetes.find((o) => o.resourceName === "az1-asn-policy")!;
    const spec = policy.body.spec as {
      matchConstraints: { resourceRules: { operations: string[] }[] };
    };
    spec.matchConstraints.resourceRules[0].operations = ["UPDATE"];
    const { nodes, problems } = view(plan, true);
    assert.deepEqual(problems, [
      'kubernetes.asAssignment: MutatingAdmissionPolicy bgp-fabric-az1-asn acts neither on Node CREATE and UPDATE nor on status updates, so it gives no node its zone\'s AS (got [{"apiGroups":[""],"apiVersions":["v1"],"operations":["UPDATE"],"resources":["nodes"]}]); match resources nodes with CREATE and UPDATE, or nodes/status with UPDATE, as model/plan/kubernetes.ts emits',
    ]);
    assert.equal(nodes.find((n) => n.label === "a worker joining az1")?.asn, undefined);
    // The planned worker, registered before the policies, still gets it from the status policy.
    assert.equal(nodes.find((n) => n.name === "lab-az1-w1")?.asn, 65201);
  });

  it("fails on an admission policy that would put back an annotation the update removes (no keeps-a-removal condition)", () => {
    const plan = clone(lab);
    const policy = plan.kubernetes.find(
      (o) => o.body.kind === "MutatingAdmissionPolicy" && o.zone === "az1",
    )!;
    const spec = policy.body.spec as { matchConditions: { name: string }[] };
    assert.deepEqual(
      spec.matchConditions.map((c) => c.name),
      ["in-zone-az1", "keeps-a-removal", "leaves-masters", "leaves-ingress-nodes"],
    );
    spec.matchConditions.splice(1, 1);
    const { problems } = view(plan, false);
    assert.deepEqual(problems, [
      "kubernetes.asAssignment: MutatingAdmissionPolicy bgp-fabric-az1-asn is not one zone-label condition, the keeps-a-removal, leaves-masters and leaves-ingress-nodes conditions and one ASNumber annotation (got bgp-fabric-az1-asn); keep the policy to the shape model/plan/kubernetes.ts emits, or teach preflight the new shape",
    ]);
  });

  it("leaves a Node registered before the policies without an AS when the zone has no status policy", () => {
    const plan = clone(lab);
    plan.kubernetes = plan.kubernetes.filter(
      (o) => !o.resourceName.startsWith("az2-asn-status-policy"),
    );
    const { nodes, problems } = view(plan, true);
    assert.deepEqual(problems, []);
    assert.equal(nodes.find((n) => n.name === "lab-az2-w1")?.asn, undefined);
    assert.equal(nodes.find((n) => n.label === "a worker joining az2")?.asn, 65202);
    assert.equal(nodes.find((n) => n.name === "lab-az1-w1")?.asn, 65201);
  });

  it("fails on a status policy that could refuse heartbeats (failurePolicy Fail)", () => {
    const plan = clone(lab);
    const policy = plan.kubernetes.find((o) => o.resourceName === "az2-asn-status-policy")!;
    (policy.body.spec as { failurePolicy: string }).failurePolicy = "Fail";
    const { nodes, problems } = view(plan, false);
    assert.deepEqual(problems, [
      "kubernetes.asAssignment: MutatingAdmissionPolicy bgp-fabric-az2-asn-status acts on Node status updates with failurePolicy Fail: an error in it would refuse every kubelet status report of the zone, and its Nodes would go NotReady (got Fail); give status updates their own policy with failurePolicy Ignore, as model/plan/kubernetes.ts emits",
    ]);
    assert.equal(nodes.find((n) => n.name === "lab-az2-w1")?.asn, undefined);
  });

  it("fails on a policy that does not leave exactly the zone's masters to our patches", () => {
    const plan = clone(lab);
    const policy = plan.kubernetes.find((o) => o.resourceName === "az1-asn-status-policy")!;
    const spec = policy.body.spec as { matchConditions: { name: string; expression: string }[] };
    spec.matchConditions[2].expression = "!(object.metadata.name in ['lab-az1-m1'])";
    const { problems } = view(plan, false);
    assert.deepEqual(problems, [
      "kubernetes.asAssignment: MutatingAdmissionPolicy bgp-fabric-az1-asn-status leaves masters [lab-az1-m1] to our Node patches, but zone az1's masters are [lab-az1-m1, lab-az1-m2]: a heartbeat could re-annotate a master whose patch destroy released (got [\"lab-az1-m1\"]); leave exactly the zone's masters, as model/plan/kubernetes.ts emits",
    ]);
  });

  it("takes a worker's AS from its zone's policy and a master's or an ingress node's from our patch alone", () => {
    const plan = clone(lab);
    for (const o of plan.kubernetes)
      if (o.body.kind === "Node" && o.zone === "az1") delete o.body.metadata.annotations;
    const { nodes } = view(plan, false);
    const az1 = nodes
      .filter((n) => n.zone === "az1")
      .map((n) => `${n.name} ${n.role} ${n.asn ?? "none"}`);
    assert.deepEqual(az1, [
      "lab-az1-m1 master none",
      "lab-az1-m2 master none",
      "lab-az1-in1 ingress none",
      "lab-az1-in2 ingress none",
      "lab-az1-w1 worker 65201",
    ]);
  });
});
