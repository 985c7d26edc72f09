// A Pulumi program of its own that uses the library: a two-zone datacenter (the lab's) written in TypeScript, typed
// by the stack schema, instead of read from a stack file. Only what differs per site comes from the stack's config:
// the switches' SSH key (a secret), their pinned host keys, air-gapped chart copies and the Calico release the
// cluster runs (`example:` keys, optional).
// In a program outside this repository the import is `from "bgp-fabric"` (docs/library.md).
import * as pulumi from "@pulumi/pulumi";
import { Cluster, type FabricConfig, type SwitchConfig } from "../../components";

const site = new pulumi.Config("example");
/** `type base64` public keys by zone and switch name (ssh-keyscan). */
const hostKeys = site.getObject<Record<string, Record<string, string>>>("sshHostKeys") ?? {};
/** Local chart directories, for a datacenter without Internet access. */
const charts = site.getObject<{ metallb: string; ingress: string }>("chartPaths");
/** The Calico release the cluster runs: the plan uses only fields it has (model/core/versions.ts). */
const calicoVersion = site.get("calicoVersion") ?? "3.32.1";

function coreSwitch(zone: string, name: string, address: string): SwitchConfig {
  const hostKey = hostKeys[zone]?.[name];
  return { address, dialect: "frr", ...(hostKey === undefined ? {} : { sshHostKey: hostKey }) };
}

/** A zone: its AS and subnets, two core switches at .2 and .3, masters at .11/.12, ingress nodes at .21/.22. */
function zone(n: number) {
  const net = `10.1${n}.0`;
  const node = (role: string, i: number) => [
    `lab-az${n}-${role}${i}`,
    { address: `${net}.${role === "m" ? 10 + i : 20 + i}` },
  ];
  return {
    asn: 65200 + n,
    nodeCidr: `${net}.0/24`,
    podCidr: `10.11${n}.0.0/18`,
    switches: {
      core1: coreSwitch(`az${n}`, "core1", `${net}.2`),
      core2: coreSwitch(`az${n}`, "core2", `${net}.3`),
    },
    masters: Object.fromEntries([node("m", 1), node("m", 2)]),
    ingressNodes: Object.fromEntries([node("in", 1), node("in", 2)]),
  };
}

const config: FabricConfig = {
  kubernetes: { version: "1.36", serviceCidr: "10.96.0.0/16" },
  calico: { version: calicoVersion },
  metallb: { version: "0.16.1", ...(charts ? { path: charts.metallb } : {}) },
  ingress: { mode: "direct", version: "2.6.4", ...(charts ? { path: charts.ingress } : {}) },
  loadBalancerPools: { public: { cidr: "203.0.113.0/28" } },
  zones: { az1: zone(1), az2: zone(2) },
  // The lab's worker hosts (lab only: production workers join by themselves).
  lab: {
    workers: {
      az1: { "lab-az1-w1": { address: "10.11.0.31" } },
      az2: { "lab-az2-w1": { address: "10.12.0.31" } },
    },
  },
};

const cluster = new Cluster("lab", {
  config,
  switchSshPrivateKey: new pulumi.Config("bgp-fabric").requireSecret("switchSshPrivateKey"),
});

export const datacenter = "lab";
export const zones = cluster.zoneSummary;
export const rollout = cluster.rollout;
export const sessions = cluster.sessions;
export const az1SwitchCommands = cluster.zones.az1.switchCommandIds;
export const clusterUrn = cluster.urn;
