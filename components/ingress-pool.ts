// IngressPool: ingress nodes labelled (the kubelet registers their taint), the NGINX ingress controller pinned to them with its
// LoadBalancer Service (externalTrafficPolicy Local), and, in direct mode, their peerings with the core switches.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";
import type { HelmRelease, KubernetesObject } from "../model/core/types";
import { emitObjects, emitReleases } from "./emit-all";

export interface IngressPoolArgs {
  /** The plan's `ingress-pool` objects of every zone: Node patches and direct ingress->switch BGPPeers. */
  objects: KubernetesObject[];
  /** The ingress controller release. */
  releases: HelmRelease[];
  /** Resources emitted so far by plan name (MetalLB and its pools): what the release's `dependsOn` names. */
  known: Map<string, pulumi.Resource>;
}

export class IngressPool extends pulumi.ComponentResource {
  constructor(name: string, args: IngressPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ingressPool, name, {}, opts);
    emitObjects(args.objects, this, args.known);
    emitReleases(args.releases, this, args.known);
    this.registerOutputs({});
  }
}
