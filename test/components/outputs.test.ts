// The components' typed outputs (prod), and the Cluster's refusal of bad arguments before anything registers.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../../components/cluster";
import { clusterSecrets } from "../../components/secrets";
import type { MasterPair } from "../../components/master-pair";
import { clusterArgs, clusterOf, SSH_KEY } from "../helpers/cluster";
import { clone, stackConfig } from "../helpers/fixtures";
import { record } from "../../harness/mocks";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((done) => o.apply(done));

describe("component outputs (prod)", () => {
  let cluster: Cluster;
  before(async () => {
    await record(() => {
      cluster = clusterOf(stackConfig("prod"));
    });
  });

  it("the cluster: its zones, pools, rollout order and a sessions summary", async () => {
    assert.deepEqual(await value(cluster.zoneSummary), {
      az1: {
        asn: 65101,
        podCidr: "10.244.0.0/18",
        reflectors: ["fra1-az1-m1", "fra1-az1-m2"],
        ingressNodes: ["fra1-az1-in1", "fra1-az1-in2"],
        sessions: 13,
      },
      az2: {
        asn: 65102,
        podCidr: "10.244.64.0/18",
        reflectors: ["fra1-az2-m1", "fra1-az2-m2"],
        ingressNodes: ["fra1-az2-in1", "fra1-az2-in2"],
        sessions: 13,
      },
      az3: {
        asn: 65103,
        podCidr: "10.244.128.0/18",
        reflectors: ["fra1-az3-m1", "fra1-az3-m2"],
        ingressNodes: ["fra1-az3-in1", "fra1-az3-in2", "fra1-az3-in3"],
        sessions: 17,
      },
    });
    assert.deepEqual(await value(cluster.loadBalancerPools), [
      { name: "public", cidr: "198.51.100.0/26", autoAssign: true },
    ]);
    assert.deepEqual(await value(cluster.rollout), {
      mode: "zone-by-zone",
      order: ["az1", "az2", "az3"],
    });
    assert.deepEqual(await value(cluster.sessions), {
      total: 43,
      byKind: { "rr-rr": 3, "node-rr": 14, "rr-switch": 12, "ingress-switch": 14 },
      byZone: { az1: 13, az2: 13, az3: 17 },
    });
  });

  it("a zone: AS, CIDRs, reflectors, ingress nodes, its planned sessions and its switch commands' IDs", async () => {
    const az1 = cluster.zones.az1;
    assert.equal(await value(az1.asn), 65101);
    assert.equal(await value(az1.nodeCidr), "10.1.0.0/24");
    assert.deepEqual(await value(az1.reflectors), [
      { name: "fra1-az1-m1", address: "10.1.0.11" },
      { name: "fra1-az1-m2", address: "10.1.0.12" },
    ]);
    const sessions = await value(az1.sessions);
    assert.equal(sessions.length, 13);
    assert.deepEqual(
      sessions.find((s) => s.kind === "rr-rr"),
      {
        kind: "rr-rr",
        a: { name: "fra1-az1-m1", address: "10.1.0.11", asn: 65101 },
        b: { name: "fra1-az1-m2", address: "10.1.0.12", asn: 65101 },
      },
    );
    const ids = await value(az1.switchCommandIds);
    assert.deepEqual(Object.keys(ids), [
      "az1-core1-bgp-base",
      "az1-core1-neighbor-10.1.0.11",
      "az1-core1-neighbor-10.1.0.12",
      "az1-core1-neighbor-10.1.0.21",
      "az1-core1-neighbor-10.1.0.22",
      "az1-core2-bgp-base",
      "az1-core2-neighbor-10.1.0.11",
      "az1-core2-neighbor-10.1.0.12",
      "az1-core2-neighbor-10.1.0.21",
      "az1-core2-neighbor-10.1.0.22",
    ]);
    // The mocks give each resource the ID `<name>-id`.
    assert.equal(ids["az1-core1-bgp-base"], "az1-core1-bgp-base-id");
  });
});

describe("component outputs (lab): the master pair and the ingress pool", () => {
  it("a master pair: its reflectors and their cluster ID; the ingress pool: nodes by zone, pools, mode", async () => {
    let cluster!: Cluster;
    const recs = await record(() => {
      cluster = clusterOf(stackConfig("lab"));
    }, "lab");
    const pair = recs.find((r) => r.name === "az2-masters")!.resource as MasterPair;
    assert.deepEqual(await value(pair.reflectors), [
      { name: "lab-az2-m1", address: "10.12.0.11" },
      { name: "lab-az2-m2", address: "10.12.0.12" },
    ]);
    assert.equal(await value(pair.clusterId), cluster.plan.zones[1].routeReflectorClusterId);
    assert.match(await value(pair.clusterId), /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(await value(cluster.ingressPool.nodes), {
      az1: [
        { name: "lab-az1-in1", address: "10.11.0.21" },
        { name: "lab-az1-in2", address: "10.11.0.22" },
      ],
      az2: [
        { name: "lab-az2-in1", address: "10.12.0.21" },
        { name: "lab-az2-in2", address: "10.12.0.22" },
      ],
    });
    assert.deepEqual(await value(cluster.ingressPool.loadBalancerPools), [
      { name: "public", cidr: "203.0.113.0/28", autoAssign: true },
    ]);
    assert.equal(await value(cluster.ingressPool.mode), "direct");
  });
});

describe("Cluster arguments refused", () => {
  it("fails when the arguments are invalid: every problem at once, secrets unshown, nothing registered", async () => {
    const raw = clone(stackConfig("prod")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw.zones.az2.asn = 65101;
    const args = { ...clusterArgs(raw, { az1: "short" }), switchSshPrivateKey: "not-a-key" };
    // The check runs before the Cluster's own registration (its super call): nothing can have registered.
    assert.throws(
      () => new Cluster("fra1", args),
      (e: Error) => {
        assert.ok(e instanceof pulumi.RunError);
        assert.equal(
          e.message,
          [
            "invalid stack config (3 problems):",
            "  bgpPasswords.az1: is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (not starting with -) (got <secret>); choose a password of that form (no spaces or quotes)",
            "  switchSshPrivateKey: is not a PEM or OpenSSH private key (got <secret>); set the key file's contents: pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric",
            "  zones.az2.asn: AS number is already used by zones.az1.asn (got 65101); give each zone its own AS",
          ].join("\n"),
        );
        return true;
      },
    );
  });

  it("fails when the Cluster's name is not the config's datacenter", async () => {
    await assert.rejects(
      record(() => new Cluster("fra2", clusterArgs(stackConfig("prod")))),
      {
        message:
          "invalid stack config (1 problem):\n  datacenter: differs from the Cluster's name fra2 (got fra1); name the Cluster after its datacenter, or leave datacenter out",
      },
    );
  });

  it("takes the datacenter's name from the Cluster's when the config leaves it out", async () => {
    const { datacenter: _, ...config } = clusterArgs(stackConfig("prod")).config;
    const recs = await record(() => new Cluster("fra1", { config, switchSshPrivateKey: SSH_KEY }));
    assert.ok(recs.some((r) => r.type === "bgp-fabric:index:Cluster" && r.name === "fra1"));
  });

  it("fails when an Output secret resolves to a malformed key or password, naming its config path", async () => {
    const secrets = clusterSecrets({
      ...clusterArgs(stackConfig("lab")),
      switchSshPrivateKey: pulumi.output("nope"),
      bgpPasswords: { az1: { core1: pulumi.output("short") } },
    });
    const settle = (o: pulumi.Output<string>) =>
      (o as unknown as { promise(): Promise<string> }).promise();
    await assert.rejects(settle(secrets.privateKey), {
      message:
        "switchSshPrivateKey: is not a PEM or OpenSSH private key (got <secret>); set the key file's contents: pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric",
    });
    await assert.rejects(settle(secrets.password("az1", "core1")!), {
      message:
        "bgpPasswords.az1.core1: is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (not starting with -) (got <secret>); choose a password of that form (no spaces or quotes)",
    });
    assert.equal(secrets.password("az1", "core2"), undefined);
  });
});
