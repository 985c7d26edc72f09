// The Pulumi program as a function: the stack's config -> a Cluster, the library's component (components/), as any
// program would use it. `index.ts` runs it for the CLI; the e2e runs the same function as an inline Automation API
// program. Invalid config throws before any resource exists.
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "./components/cluster";
import { readStackConfig } from "./config";
import { unmappedPromiseStacks } from "./stack-traces";

export function fabric() {
  unmappedPromiseStacks();
  const { name, args, kubernetesTarget } = readStackConfig();
  pulumi.log.info(kubernetesTarget);
  const cluster = new Cluster(name, args);
  const { plan } = cluster;
  return {
    datacenter: plan.datacenter,
    zones: Object.fromEntries(
      plan.zones.map((z) => {
        // Drained ingress nodes (docs/drain.md), only when there are any: the up's summary shows them come and go.
        const drained = z.ingressNodes.filter((n) => n.drained).map((n) => n.name);
        return [
          z.name,
          {
            asn: z.asn,
            reflectors: z.reflectors.map((r) => r.name),
            ...(drained.length > 0 ? { drained } : {}),
          },
        ];
      }),
    ),
    sessions: plan.sessions.length,
    // `pulumi preview` does not print dependsOn: the order the zones change in is shown here (docs/rollout.md).
    rollout: plan.rollout,
    clusterUrn: cluster.urn,
  };
}
