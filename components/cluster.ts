// Cluster: one datacenter. MetalLB (controller only) and its pools, every Zone, the IngressPool, and last the
// `default` BGPConfiguration that turns the node mesh off once the replacement peerings exist.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, names } from "../model/core/names";
import { objectsOf, releasesOf, switchesOf } from "../model/plan/slices";
import type { NetworkPlan } from "../model/core/types";
import { emitObjects, emitReleases } from "./emit-all";
import { IngressPool } from "./ingress-pool";
import { Zone } from "./zone";

export interface ClusterArgs {
  /** The whole network plan of the datacenter. */
  plan: NetworkPlan;
  /** SSH private key for the core switches (secret). */
  switchSshPrivateKey: pulumi.Input<string>;
  /**
   * BGP passwords (secrets) by zone: one for all the zone's switches, or one per switch name; zones without one use
   * none.
   */
  bgpPasswords?: Record<string, pulumi.Input<string> | Record<string, pulumi.Input<string>>>;
}

export class Cluster extends pulumi.ComponentResource {
  readonly zones: Record<string, Zone> = {};

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.cluster, name, {}, opts);
    const { plan } = args;
    // One map of emitted resources for the whole plan: the ingress release waits for MetalLB and its pools.
    const known = new Map<string, pulumi.Resource>();
    emitReleases(releasesOf(plan, "cluster"), this, known);
    const cluster = objectsOf(plan, "cluster");
    const meshOff = cluster.filter((o) => o.resourceName === names.bgpConfiguration.resource);
    const early = cluster.filter((o) => !meshOff.includes(o));
    const filters = emitObjects(
      early.filter((o) => o.body.kind === "BGPFilter"),
      this,
      known,
    );
    emitObjects(
      early.filter((o) => o.body.kind !== "BGPFilter"),
      this,
      known,
    );

    // Before the zones: each zone's admission policy waits for its ingress nodes' patches (plan edges).
    const ingress = new IngressPool(
      names.ingressPool(),
      {
        objects: plan.zones.flatMap((z) => objectsOf(plan, "ingress-pool", z.name)),
        releases: releasesOf(plan, "ingress-pool"),
        known,
      },
      { parent: this },
    );
    for (const z of plan.zones) {
      // An own entry only: a zone may be called `constructor`.
      const given =
        args.bgpPasswords && Object.hasOwn(args.bgpPasswords, z.name)
          ? args.bgpPasswords[z.name]
          : undefined;
      const passwords = given === undefined ? undefined : perSwitch(given, z.switches);
      this.zones[z.name] = new Zone(
        names.zone(z.name),
        {
          zone: z.name,
          objects: objectsOf(plan, "zone", z.name),
          masterObjects: objectsOf(plan, "master-pair", z.name),
          switches: switchesOf(plan, z.name),
          switchSshPrivateKey: args.switchSshPrivateKey,
          ...(passwords === undefined ? {} : { bgpPasswords: passwords }),
          known,
        },
        // The reflector->switch peers name the BGPFilter: it exists first.
        { parent: this, dependsOn: filters },
      );
    }
    // Mesh off last: peers and reflector annotations of every zone first (domain brief pitfall 3).
    emitObjects(meshOff, this, known, [...Object.values(this.zones), ingress]);
    this.registerOutputs({});
  }
}

/** A zone's passwords by switch: its one password for every switch, or each switch's own entry. */
function perSwitch(
  given: pulumi.Input<string> | Record<string, pulumi.Input<string>>,
  switches: { name: string }[],
): Record<string, pulumi.Input<string>> {
  const one =
    typeof given === "string" || pulumi.Output.isInstance(given) || given instanceof Promise;
  const map = given as Record<string, pulumi.Input<string>>;
  return Object.fromEntries(
    switches.flatMap((sw) =>
      one
        ? [[sw.name, given as pulumi.Input<string>]]
        : Object.hasOwn(map, sw.name)
          ? [[sw.name, map[sw.name]]]
          : [],
    ),
  );
}
