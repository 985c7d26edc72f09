// The exact plan of a small config: every session, Kubernetes object, Helm release and switch command name.
import assert from "node:assert/strict";
import { checkStack } from "../../model/pipeline";
import { survivedBlock } from "../../model/plan/dialects/frr-base-check";
import { VALID } from "./invalid-cases";
import { planOf, stackConfig } from "../helpers/fixtures";
import { assertGolden, goldenJson } from "../helpers/golden";

const plan = () => checkStack(structuredClone(VALID), { requireSecrets: true }).plan;

describe("network plan of a one-zone config", () => {
  it("lists the zone with its derived route-reflector cluster ID", () => {
    assert.deepEqual(plan().zones, [
      {
        name: "z1",
        asn: 65001,
        nodeCidr: "10.0.0.0/24",
        podCidr: "10.100.0.0/16",
        routeReflectorClusterId: "244.0.253.233",
        reflectors: [
          {
            name: "m1",
            address: "10.0.0.11",
          },
          {
            name: "m2",
            address: "10.0.0.12",
          },
        ],
        ingressNodes: [
          {
            name: "in1",
            address: "10.0.0.21",
          },
        ],
        workers: [],
        switches: [
          {
            name: "sw1",
            address: "10.0.0.1",
          },
        ],
      },
    ]);
  });

  it("has every BGP session with both ends", () => {
    assertGolden("plan/one-zone.sessions.json", goldenJson(plan().sessions));
  });

  it("has every Kubernetes object, exactly", () => {
    assertGolden("plan/one-zone.kubernetes.json", goldenJson(plan().kubernetes));
  });

  // The ingress controller's dependsOn: Helm's wait includes the LoadBalancer address, so MetalLB and its pools first.
  it("installs MetalLB controller-only and the NGINX ingress controller on ingress nodes", () => {
    assertGolden("plan/one-zone.helm-releases.json", goldenJson(plan().helmReleases));
  });

  it("states how each kubelet registers its node: zone label everywhere, the ingress taint on ingress nodes", () => {
    assert.deepEqual(plan().nodeRegistrations, [
      {
        node: "in1",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [{ key: "bgp-fabric.io/ingress", value: "true", effect: "NoSchedule" }],
        kubeletFlags: [
          "--node-labels=topology.kubernetes.io/zone=z1",
          "--register-with-taints=bgp-fabric.io/ingress=true:NoSchedule",
        ],
      },
      {
        node: "m1",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [],
        kubeletFlags: ["--node-labels=topology.kubernetes.io/zone=z1"],
      },
      {
        node: "m2",
        zone: "z1",
        labels: { "topology.kubernetes.io/zone": "z1" },
        taints: [],
        kubeletFlags: ["--node-labels=topology.kubernetes.io/zone=z1"],
      },
    ]);
  });

  it("gates each neighbor command on its session, and with bgp.healthCheckSeconds 0 applies and saves at once", () => {
    const [sw] = plan().switches;
    const n = sw.commands[1];
    // Apply, then the gate (its session within the wait, else the command's own delete), then the save.
    const apply = n.create.slice(0, n.create.indexOf("\ntrap '' HUP PIPE\n"));
    assert.ok(apply.endsWith("rolled back and saved nothing' >&2; exit 1; }"));
    assert.ok(n.create.includes("\nfor a in '10.0.0.11'; do\n"));
    assert.ok(n.create.includes("not Established after 120 s:"));
    assert.ok(n.create.includes(`( bgp_fabric_rollback=1\n${n.delete}\n) && echo`));
    assert.ok(n.create.endsWith('write memory did not confirm:\' "$out" >&2; exit 1'));
    const raw = structuredClone(VALID) as { bgp?: Record<string, unknown> };
    raw.bgp = { ...raw.bgp, healthCheckSeconds: 0 };
    const off = checkStack(raw, { requireSecrets: true }).plan!.switches[0];
    assert.equal(off.healthCheckSeconds, 0);
    for (const [i, c] of off.commands.entries()) {
      assert.equal(c.healthCheck, undefined);
      assert.equal(c.dependsOn, undefined);
      assert.equal(c.delete, sw.commands[i].delete);
    }
    // The same apply, saved at once.
    assert.equal(
      off.commands[1].create,
      `${apply}\n${n.create.slice(n.create.lastIndexOf('\ncase "${bgp_fabric_rollback-}" in 1) exit 0 ;; esac\n') + 1)}`,
    );
    // The base command brings up no session, but checks the ones it found (frr-base-check.ts): not with 0.
    const check = survivedBlock({
      label: "z1/sw1",
      groups: ["K8S-RR", "K8S-INGRESS"],
      settleSeconds: 3,
      timeoutSeconds: 120,
    });
    assert.equal(
      off.commands[0].create,
      sw.commands[0].create
        .replace(/\nkept=''\n.*\n.*\n.*\ndone\n/, "\n")
        .replace(`\n${check}\n`, "\n"),
    );
    assert.ok(sw.commands[0].create.includes(`\n${check}\n`));
  });

  it("configures the switch with a base command and one command per neighbor, in address order", () => {
    const sw = plan().switches.map((s) => ({
      ...s,
      commands: s.commands.map((c) => ({
        name: c.name,
        kind: c.kind,
        triggers: c.triggers,
        ...(c.after === undefined ? {} : { after: c.after }),
        ...(c.healthCheck === undefined ? {} : { healthCheck: c.healthCheck }),
        ...(c.dependsOn === undefined ? {} : { dependsOn: c.dependsOn }),
      })),
    }));
    assertGolden("plan/one-zone.switches.json", goldenJson(sw));
  });

  it("carries preflight's warnings, each with its fix: single points of failure, host keys, Calico", () => {
    assert.deepEqual(plan().warnings, [
      {
        path: "calico.version",
        message:
          "advertises a LoadBalancer /32 from an ingress node whose controller pod is not ready, black-holing that node's share of the traffic (calico #13246) (got 3.32.1); upgrade Calico to 3.31.7 (3.31 line) or a 3.32 release after 3.32.1; until then drain an ingress node before maintenance",
      },
      {
        path: "zones.z1.ingressNodes",
        message:
          'has one ingress node: no ECMP and no failover inside the zone (got ["in1"]); add a second',
      },
      {
        path: "zones.z1.switches",
        message: 'has one core switch: losing it cuts the zone off (got ["sw1"]); add a second',
      },
      {
        path: "zones.z1.switches.sw1.sshHostKey",
        message:
          "is not pinned: the first SSH connection trusts whatever key the switch presents (got nothing); set it from ssh-keyscan -t ed25519 sw1.z1.example.net",
      },
    ]);
  });
});

describe("network plan of the prod stack", () => {
  // Deterministic across processes, not just within one: the golden file was written by another process (npm run
  // golden), so any dependence on time, randomness, map order or the environment shows up as a difference; and every
  // rule at once on the real datacenter, so a change anywhere in the model is a reviewable diff.
  it("is deterministic: the plan another process wrote, byte for byte", () => {
    assertGolden("plan/prod.json", goldenJson(planOf(stackConfig("prod"))));
  });
});
