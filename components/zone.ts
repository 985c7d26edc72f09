// Zone: its IPPool, BGP peerings, AS assignment for joining workers, MasterPair and core-switch configuration.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, names } from "../model/core/names";
import type { KubernetesObject, SwitchPlan } from "../model/core/types";
import { emitSwitch } from "./emit";
import { emitObjects } from "./emit-all";
import { MasterPair } from "./master-pair";

export interface ZoneArgs {
  /** Zone name, the stable key of every child name. */
  zone: string;
  /** The zone's `zone` objects from the plan (IPPool, BGPPeers, password Secret and RBAC, admission policy). */
  objects: KubernetesObject[];
  /** The zone's `master-pair` objects. */
  masterObjects: KubernetesObject[];
  /** The zone's core switches with their commands. */
  switches: SwitchPlan[];
  /** SSH private key for the switches (secret). */
  switchSshPrivateKey: pulumi.Input<string>;
  /** The zone's BGP password (secret), when set. */
  bgpPassword?: pulumi.Input<string>;
  /** Resources emitted so far by plan name (the ingress Node patches the admission policy waits for). */
  known: Map<string, pulumi.Resource>;
}

export class Zone extends pulumi.ComponentResource {
  readonly masters: MasterPair;

  constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.zone, name, {}, opts);
    const known = args.known;
    const password = args.bgpPassword;
    // The admission policy names the zone's Node patches (plan edges): it is emitted after the masters.
    const afterPatches = (o: KubernetesObject) => o.body.kind.startsWith("MutatingAdmissionPolicy");
    const zoneResources = emitObjects(
      args.objects.filter((o) => !afterPatches(o)),
      this,
      known,
      [],
      (o) =>
        o.body.kind === "Secret" && password !== undefined
          ? { stringData: { password: pulumi.secret(password) } }
          : {},
    );
    // Peers first, then the route-reflector annotations (domain brief pitfall 3).
    this.masters = new MasterPair(
      names.masterPair(args.zone),
      { objects: args.masterObjects, peeringsReady: zoneResources, known },
      { parent: this },
    );
    emitObjects(args.objects.filter(afterPatches), this, known);
    for (const sw of args.switches) {
      emitSwitch(
        sw,
        {
          privateKey: args.switchSshPrivateKey,
          ...(password === undefined ? {} : { bgpPassword: password }),
        },
        { parent: this },
        known,
      );
    }
    this.registerOutputs({});
  }
}
