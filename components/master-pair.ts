// MasterPair: a zone's two masters as its route reflectors (labels, AS, shared cluster ID) and their RR<->RR peering.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";
import type { KubernetesObject } from "../model/core/types";
import { emitObjects } from "./emit-all";

export interface MasterPairArgs {
  /** The zone's `master-pair` objects from the plan: the RR<->RR BGPPeer and one Node patch per master. */
  objects: KubernetesObject[];
  /** The zone's peerings that replace the mesh for the masters; the cluster-ID annotation waits for them. */
  peeringsReady: pulumi.Resource[];
  /** Resources emitted so far by plan name; the masters' patches join it (the zone's admission policy names them). */
  known: Map<string, pulumi.Resource>;
}

export class MasterPair extends pulumi.ComponentResource {
  readonly resources: pulumi.Resource[];

  constructor(name: string, args: MasterPairArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.masterPair, name, {}, opts);
    // The RR<->RR peering exists before the cluster-ID annotation takes the masters out of the mesh (pitfall 3).
    const peers = args.objects.filter((o) => o.body.kind === "BGPPeer");
    const known = args.known;
    const peerResources = emitObjects(peers, this, known);
    const patches = emitObjects(
      args.objects.filter((o) => o.body.kind !== "BGPPeer"),
      this,
      known,
      [...args.peeringsReady, ...peerResources],
    );
    this.resources = [...peerResources, ...patches];
    this.registerOutputs({});
  }
}
