// IngressPool: ingress nodes labelled and tainted, the NGINX ingress controller pinned to them with its
// LoadBalancer Service (externalTrafficPolicy Local), and, in direct mode, their peerings with the core switches.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/names";
import type { HelmRelease, KubernetesObject } from "../model/types";
import { emitRelease } from "./emit";
import { emitObjects } from "./emit-all";

export interface IngressPoolArgs {
  /** The plan's `ingress-pool` objects of every zone: Node patches and direct ingress->switch BGPPeers. */
  objects: KubernetesObject[];
  /** The ingress controller release. */
  releases: HelmRelease[];
}

export class IngressPool extends pulumi.ComponentResource {
  constructor(name: string, args: IngressPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ingressPool, name, {}, opts);
    const known = new Map<string, pulumi.Resource>();
    const nodes = emitObjects(
      args.objects.filter((o) => o.body.kind === "Node"),
      this,
      known,
    );
    emitObjects(
      args.objects.filter((o) => o.body.kind !== "Node"),
      this,
      known,
    );
    // Nodes are labelled and tainted before the DaemonSet looks for them.
    for (const r of args.releases) emitRelease(r, { parent: this, dependsOn: nodes });
    this.registerOutputs({});
  }
}
