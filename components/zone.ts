// Zone: parent of a zone's IPPool, BGP peerings, password Secret and RBAC, AS admission policy, MasterPair and
// core-switch commands. What it holds and in which order is the plan's (model/plan/ordering.ts); the Cluster emits.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";

export class Zone extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.zone, name, {}, opts);
  }

  /** Called once everything the plan puts in the zone is registered. */
  done(): void {
    this.registerOutputs({});
  }
}
