// MasterPair: parent of a zone's two masters as its route reflectors (labels, AS, shared cluster ID) and their
// RR<->RR peering. The plan orders the masters' patches after the zone's replacement peerings (pitfall 3).
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";

export class MasterPair extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.masterPair, name, {}, opts);
  }

  /** Called once everything the plan puts in the pair is registered. */
  done(): void {
    this.registerOutputs({});
  }
}
