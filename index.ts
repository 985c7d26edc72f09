// bgp-fabric: stack config -> validated spec -> NetworkPlan -> Cluster. Invalid config throws before any resource.
import { Cluster } from "./components/cluster";
import { readStackConfig } from "./config";

const { plan, switchSshPrivateKey, bgpPasswords } = readStackConfig();

const cluster = new Cluster(plan.datacenter, { plan, switchSshPrivateKey, bgpPasswords });

export const datacenter = plan.datacenter;
export const zones = Object.fromEntries(
  plan.zones.map((z) => [z.name, { asn: z.asn, reflectors: z.reflectors.map((r) => r.name) }]),
);
export const sessions = plan.sessions.length;
export const clusterUrn = cluster.urn;
