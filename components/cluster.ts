// Cluster: one datacenter. It emits the plan unit by unit in the plan's order (model/plan/ordering.ts: MetalLB and
// its pools, the IngressPool, every Zone and MasterPair, and last the `default` BGPConfiguration that turns the node
// mesh off), each under its component and waiting for the plan keys it names. It resolves; the plan decides.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, names } from "../model/core/names";
import { emitOrder, type EmitUnit } from "../model/plan/ordering";
import type { ComponentName, NetworkPlan } from "../model/core/types";
import { emitObject, emitRelease, emitSwitch, fillSecretSlots } from "./emit";
import { IngressPool } from "./ingress-pool";
import { MasterPair } from "./master-pair";
import { Zone } from "./zone";

export interface ClusterArgs {
  /** The whole network plan of the datacenter. */
  plan: NetworkPlan;
  /** SSH private key for the core switches (secret). */
  switchSshPrivateKey: pulumi.Input<string>;
  /** BGP passwords by zone name (secrets); zones without one use none. */
  bgpPasswords?: Record<string, pulumi.Input<string>>;
}

type Shell = Zone | MasterPair | IngressPool;

export class Cluster extends pulumi.ComponentResource {
  readonly zones: Record<string, Zone> = {};

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.cluster, name, {}, opts);
    // An own entry only: a zone may be called `constructor`.
    const password = (zone: string | undefined) =>
      zone !== undefined && args.bgpPasswords && Object.hasOwn(args.bgpPasswords, zone)
        ? args.bgpPasswords[zone]
        : undefined;
    const made = new Map<string, pulumi.Resource>([[names.componentKey("cluster"), this]]);
    const shells: Shell[] = [];
    const get = (u: EmitUnit, key: string) => {
      const r = made.get(key);
      if (!r) throw new Error(`internal: ${u.key} needs ${key}, which is not emitted before it`);
      return r;
    };
    for (const u of emitOrder(args.plan)) {
      const parent = get(u, u.parent);
      const dependsOn = u.after.map((k) => get(u, k));
      const options = { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
      switch (u.kind) {
        case "component": {
          const shell = component(u.component, u.zone, options);
          if (shell instanceof Zone) this.zones[u.zone!] = shell;
          shells.push(shell);
          made.set(u.key, shell);
          break;
        }
        case "release":
          made.set(u.key, emitRelease(u.release, options));
          break;
        case "object": {
          const pw = password(u.object.zone);
          made.set(
            u.key,
            emitObject(
              u.object,
              options,
              pw === undefined ? {} : fillSecretSlots(u.object.body, pw),
            ),
          );
          break;
        }
        case "switch": {
          const pw = password(u.switch.zone);
          emitSwitch(
            u.switch,
            {
              privateKey: args.switchSshPrivateKey,
              ...(pw === undefined ? {} : { bgpPassword: pw }),
            },
            options,
          );
          break;
        }
      }
    }
    for (const s of shells.reverse()) s.done();
    this.registerOutputs({});
  }
}

function component(
  c: ComponentName,
  zone: string | undefined,
  opts: pulumi.ComponentResourceOptions,
): Shell {
  switch (c) {
    case "zone":
      return new Zone(names.zone(zone!), opts);
    case "master-pair":
      return new MasterPair(names.masterPair(zone!), opts);
    case "ingress-pool":
      return new IngressPool(names.ingressPool(), opts);
    case "cluster":
      throw new Error("internal: the Cluster is the root, not a unit of the plan");
  }
}
