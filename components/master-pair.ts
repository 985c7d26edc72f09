// MasterPair: parent of a zone's two masters as its route reflectors (labels, AS, shared cluster ID) and their
// RR<->RR peering. The plan orders the masters' patches after the zone's replacement peerings (pitfall 3).
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";
import type { ZonePlan } from "../model/core/types";
import type { NodeView } from "./types";

export interface MasterPairArgs {
  /** The zone as the plan has it: its reflectors and their shared cluster ID. */
  zone: ZonePlan;
}

export class MasterPair extends pulumi.ComponentResource {
  readonly reflectors: pulumi.Output<NodeView[]>;
  /** The route-reflector cluster ID both masters share. */
  readonly clusterId: pulumi.Output<string>;

  constructor(name: string, args: MasterPairArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.masterPair, name, {}, opts);
    this.reflectors = pulumi.output(args.zone.reflectors.map((r) => ({ ...r })));
    this.clusterId = pulumi.output(args.zone.routeReflectorClusterId);
  }

  /** Called once everything the plan puts in the pair is registered. */
  done(): void {
    this.registerOutputs({ reflectors: this.reflectors, clusterId: this.clusterId });
  }
}
