// Zone: parent of a zone's IPPool, BGP peerings, password Secret and RBAC, AS admission policy, MasterPair and
// core-switch commands. What it holds and in which order is the plan's (model/plan/ordering.ts); the Cluster emits.
// Its outputs are the plan's view of the zone and, once its switch commands exist, their IDs.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../model/core/names";
import type { BgpSession, ZonePlan } from "../model/core/types";
import { sessionView, type NodeView, type SessionView } from "./types";

export interface ZoneArgs {
  /** The zone as the plan has it. */
  zone: ZonePlan;
  /** The sessions the plan gives the zone. */
  sessions: BgpSession[];
}

export class Zone extends pulumi.ComponentResource {
  readonly asn: pulumi.Output<number>;
  readonly nodeCidr: pulumi.Output<string>;
  readonly podCidr: pulumi.Output<string>;
  /** The zone's two masters, its route reflectors. */
  readonly reflectors: pulumi.Output<NodeView[]>;
  readonly ingressNodes: pulumi.Output<NodeView[]>;
  readonly sessions: pulumi.Output<SessionView[]>;
  /** Every `remote.Command` of the zone's switches by its name -> its ID; set when the zone is complete. */
  switchCommandIds!: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.zone, name, {}, opts);
    const z = args.zone;
    this.asn = pulumi.output(z.asn);
    this.nodeCidr = pulumi.output(z.nodeCidr);
    this.podCidr = pulumi.output(z.podCidr);
    this.reflectors = pulumi.output(z.reflectors.map((r) => ({ ...r })));
    this.ingressNodes = pulumi.output(z.ingressNodes.map((n) => ({ ...n })));
    this.sessions = pulumi.output(args.sessions.map(sessionView));
  }

  /** Called once everything the plan puts in the zone is registered, with the zone's switch commands by name. */
  done(commands: Record<string, pulumi.CustomResource>): void {
    const names = Object.keys(commands).sort();
    this.switchCommandIds = pulumi
      .all(names.map((n) => commands[n].id))
      .apply((ids) => Object.fromEntries(names.map((n, i) => [n, ids[i]])));
    this.registerOutputs({
      asn: this.asn,
      nodeCidr: this.nodeCidr,
      podCidr: this.podCidr,
      reflectors: this.reflectors,
      ingressNodes: this.ingressNodes,
      sessions: this.sessions,
      switchCommandIds: this.switchCommandIds,
    });
  }
}
