// The e2e's stack-file handling and read-back, without a cluster: exact outputs from small inputs.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { KindResolver, type Json, type KubeReader } from "../../e2e/kube-client";
import { livePlan, liveServices } from "../../e2e/readback";
import { pinHostKeys, plaintextHits, writePulumiConfig } from "../../e2e/stack-config";
import type { NetworkPlan } from "../../model/core/types";
import { parseStackText } from "../../model/spec/stack-file";

describe("e2e stack config", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "bf-e2e-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("pins each switch's host key as `type base64`, leaving the input and other switches untouched", () => {
    const raw = {
      datacenter: "lab",
      zones: {
        az1: { switches: { core1: { address: "10.11.0.2" }, core2: { address: "10.11.0.3" } } },
      },
    };
    const out = pinHostKeys(raw, { az1: { core1: "ssh-ed25519 AAAAC3Nza key comment\n" } });
    assert.deepEqual(out, {
      datacenter: "lab",
      zones: {
        az1: {
          switches: {
            core1: { address: "10.11.0.2", sshHostKey: "ssh-ed25519 AAAAC3Nza" },
            core2: { address: "10.11.0.3" },
          },
        },
      },
    });
    assert.equal((raw.zones.az1.switches.core1 as { sshHostKey?: string }).sshHostKey, undefined);
  });

  it("rewrites the config but keeps the engine's salt and the encrypted secrets", () => {
    const file = join(dir, "Pulumi.lab.yaml");
    writeFileSync(
      file,
      [
        "encryptionsalt: v1:abc:def",
        "config:",
        "  bgp-fabric:datacenter: old",
        "  bgp-fabric:switchSshPrivateKey:",
        "    secure: v1:xyz",
        "",
      ].join("\n"),
    );
    writePulumiConfig(file, { datacenter: "lab", zones: { az1: { asn: 65201 } } }, [
      "bgp-fabric:switchSshPrivateKey",
    ]);
    assert.deepEqual(parse(readFileSync(file, "utf8")), {
      encryptionsalt: "v1:abc:def",
      config: {
        "bgp-fabric:datacenter": "lab",
        "bgp-fabric:zones": { az1: { asn: 65201 } },
        "bgp-fabric:switchSshPrivateKey": { secure: "v1:xyz" },
      },
    });
  });

  it("writes every string quoted, so the Pulumi CLI reads what the plan reads", () => {
    const file = join(dir, "Pulumi.lab.yaml");
    const raw = {
      datacenter: "2026-12-01",
      zones: { yes: { asn: 65201, note: "065101", on: "1:20" } },
    };
    writePulumiConfig(file, raw, []);
    assert.equal(
      readFileSync(file, "utf8"),
      [
        '"config":',
        '  "bgp-fabric:datacenter": "2026-12-01"',
        '  "bgp-fabric:zones":',
        '    "yes":',
        '      "asn": 65201',
        '      "note": "065101"',
        '      "on": "1:20"',
        "",
      ].join("\n"),
    );
    assert.deepEqual(parseStackText(readFileSync(file, "utf8"), file), raw);
  });

  it("finds a secret's text in any file below a folder, and only there", () => {
    mkdirSync(join(dir, "a/b"), { recursive: true });
    writeFileSync(join(dir, "a/b/state.json"), '{"x":"b3BlbnNzaC1rZXktdjEAAAAA"}');
    writeFileSync(join(dir, "a/clean.json"), '{"x":"[secret]"}');
    assert.deepEqual(plaintextHits(dir, ["b3BlbnNzaC1rZXktdjEAAAAA", "short"]), [
      join(dir, "a/b/state.json"),
    ]);
    assert.deepEqual(plaintextHits(join(dir, "missing"), ["b3BlbnNzaC1rZXktdjEAAAAA"]), []);
  });
});

/** A fake API server: discovery for two groups and a few objects by path. */
function fakeKube(objects: Record<string, Json>): KubeReader {
  const discovery: Record<string, Json> = {
    "/api/v1": {
      resources: [
        { name: "nodes", kind: "Node", namespaced: false },
        { name: "nodes/status", kind: "Node", namespaced: false },
        { name: "services", kind: "Service", namespaced: true },
      ],
    },
    "/apis/crd.projectcalico.org/v1": {
      resources: [{ name: "bgppeers", kind: "BGPPeer", namespaced: false }],
    },
  };
  return {
    get: async (p) => discovery[p] ?? objects[p] ?? Promise.reject(new Error(`404 ${p}`)),
    find: async (p) => objects[p],
    list: async (p) => (objects[p]?.items as Json[] | undefined) ?? [],
  };
}

describe("e2e read-back", () => {
  const plan = {
    nodeRegistrations: [
      { node: "m1", zone: "az1", labels: { z: "y" }, taints: [], kubeletFlags: [] },
    ],
    kubernetes: [
      {
        resourceName: "az1-peer",
        component: "zone",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: { name: "az1-peer" },
          spec: { asNumber: 1 },
        },
      },
      {
        resourceName: "az1-m1",
        component: "master-pair",
        mode: "patch",
        dependsOn: [],
        body: { apiVersion: "v1", kind: "Node", metadata: { name: "m1", labels: { a: "b" } } },
      },
      {
        resourceName: "az1-gone",
        component: "zone",
        mode: "create",
        dependsOn: [],
        body: {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: { name: "gone" },
        },
      },
    ],
  } as unknown as NetworkPlan;

  it("replaces each planned body by the live one (server fields dropped); Nodes: our patch's fields, the kubelet's labels and taints", async () => {
    const kube = fakeKube({
      "/apis/crd.projectcalico.org/v1/bgppeers/az1-peer": {
        apiVersion: "crd.projectcalico.org/v1",
        kind: "BGPPeer",
        metadata: { name: "az1-peer", uid: "u", resourceVersion: "7", managedFields: [] },
        spec: { asNumber: 65201 },
        status: { x: 1 },
      },
      "/api/v1/nodes/m1": {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "m1", uid: "n", labels: { a: "b", z: "y" }, annotations: { k: "v" } },
        spec: { taints: [{ key: "t", effect: "NoSchedule" }], podCIDR: "x" },
        status: { addresses: [] },
      },
    });
    const live = await livePlan(plan, kube, new KindResolver(kube));
    assert.deepEqual(live.missing, ["BGPPeer gone"]);
    assert.deepEqual(live.plan.nodeRegistrations, [
      {
        node: "m1",
        zone: "az1",
        labels: { a: "b", z: "y" },
        taints: [{ key: "t", effect: "NoSchedule" }],
        kubeletFlags: [],
      },
    ]);
    assert.deepEqual(
      live.plan.kubernetes.map((o) => o.body),
      [
        {
          apiVersion: "crd.projectcalico.org/v1",
          kind: "BGPPeer",
          metadata: { name: "az1-peer" },
          spec: { asNumber: 65201 },
        },
        {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: "m1", labels: { a: "b", z: "y" }, annotations: { k: "v" } },
        },
      ],
    );
  });

  it("gives each LoadBalancer Service with an IP the nodes of its ready endpoints", async () => {
    const kube = fakeKube({
      "/api/v1/services": {
        items: [
          {
            metadata: { name: "ingress", namespace: "nginx" },
            spec: { type: "LoadBalancer" },
            status: { loadBalancer: { ingress: [{ ip: "203.0.113.0" }] } },
          },
          {
            metadata: { name: "pending", namespace: "nginx" },
            spec: { type: "LoadBalancer" },
            status: {},
          },
          { metadata: { name: "web", namespace: "nginx" }, spec: { type: "ClusterIP" } },
        ],
      },
      [`/apis/discovery.k8s.io/v1/namespaces/nginx/endpointslices?labelSelector=${encodeURIComponent("kubernetes.io/service-name=ingress")}`]:
        {
          items: [
            {
              endpoints: [
                { nodeName: "in2", conditions: { ready: true } },
                { nodeName: "in1", conditions: { ready: true } },
                { nodeName: "in3", conditions: { ready: false } },
              ],
            },
          ],
        },
    });
    assert.deepEqual(await liveServices(kube), [
      { name: "nginx/ingress", ip: "203.0.113.0", nodes: ["in1", "in2"] },
    ]);
  });
});
