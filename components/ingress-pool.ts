// IngressPool: parent of the ingress nodes' labels (the kubelet registers their taint), the NGINX ingress controller
// pinned to them with its LoadBalancer Service (externalTrafficPolicy Local), and, in direct mode, their peerings
// with the core switches. The release's waits (MetalLB, its pools, the labelled nodes) are plan edges.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";
import type { IngressMode, NetworkPlan } from "../model/core/types";
import type { NodeView, PoolView } from "./types";

export interface IngressPoolArgs {
  plan: Pick<NetworkPlan, "zones" | "loadBalancerPools" | "ingressMode">;
}

export class IngressPool extends pulumi.ComponentResource {
  /** The ingress nodes by zone. */
  readonly nodes: pulumi.Output<Record<string, NodeView[]>>;
  readonly loadBalancerPools: pulumi.Output<PoolView[]>;
  /** direct (the nodes peer with their switches) or reflector. */
  readonly mode: pulumi.Output<IngressMode>;

  constructor(name: string, args: IngressPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ingressPool, name, {}, opts);
    const { plan } = args;
    this.nodes = pulumi.output(
      Object.fromEntries(plan.zones.map((z) => [z.name, z.ingressNodes.map((n) => ({ ...n }))])),
    );
    this.loadBalancerPools = pulumi.output(plan.loadBalancerPools.map((p) => ({ ...p })));
    this.mode = pulumi.output(plan.ingressMode);
  }

  /** Called once everything the plan puts in the pool is registered. */
  done(): void {
    this.registerOutputs({
      nodes: this.nodes,
      loadBalancerPools: this.loadBalancerPools,
      mode: this.mode,
    });
  }
}
