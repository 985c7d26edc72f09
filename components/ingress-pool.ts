// IngressPool: parent of the ingress nodes' labels (the kubelet registers their taint), the NGINX ingress controller
// pinned to them with its LoadBalancer Service (externalTrafficPolicy Local), and, in direct mode, their peerings
// with the core switches. The release's waits (MetalLB, its pools, the labelled nodes) are plan edges.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";

export class IngressPool extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ingressPool, name, {}, opts);
  }

  /** Called once everything the plan puts in the pool is registered. */
  done(): void {
    this.registerOutputs({});
  }
}
