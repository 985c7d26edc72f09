// Cluster: one datacenter. It emits the plan unit by unit in the plan's order (model/plan/ordering.ts: MetalLB and
// its pools, the IngressPool, every Zone and MasterPair, and last the `default` BGPConfiguration that turns the node
// mesh off), each under its component and waiting for the plan keys it names. It resolves; the plan decides.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, names } from "../model/core/names";
import { emitOrder, type EmitUnit } from "../model/plan/ordering";
import type { ComponentName, NetworkPlan } from "../model/core/types";
import { secretKeyValue } from "../model/plan/kubernetes";
import { switchPassword as modelSwitchPassword } from "../model/spec/secrets";
import { emitObject, emitRelease, emitSwitch, fillSecretSlots } from "./emit";
import { IngressPool } from "./ingress-pool";
import { MasterPair } from "./master-pair";
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

type Shell = Zone | MasterPair | IngressPool;

export class Cluster extends pulumi.ComponentResource {
  readonly zones: Record<string, Zone> = {};

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.cluster, name, {}, opts);
    // The model's rule for which password a switch uses; an own entry only: a zone may be called `constructor`.
    const switchPassword = (zone: string, sw: string) =>
      args.bgpPasswords === undefined
        ? undefined
        : modelSwitchPassword(args.bgpPasswords, zone, sw, isOnePassword);
    // A Secret key's value, as the model says which password it holds (plan/kubernetes.ts `secretKeyValue`).
    const slotValue = (zone: string) => (key: string) => {
      const switches = args.plan.zones.find((z) => z.name === zone)?.switches.map((sw) => sw.name);
      return secretKeyValue(key, switches ?? [], (sw) => switchPassword(zone, sw));
    };
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
          const zone = u.object.zone;
          made.set(
            u.key,
            emitObject(
              u.object,
              options,
              zone === undefined ||
                args.bgpPasswords === undefined ||
                !Object.hasOwn(args.bgpPasswords, zone)
                ? {}
                : fillSecretSlots(u.object.body, slotValue(zone)),
            ),
          );
          break;
        }
        case "switch": {
          const pw = switchPassword(u.switch.zone, u.switch.name);
          emitSwitch(
            u.switch,
            {
              privateKey: args.switchSshPrivateKey,
              ...(pw === undefined ? {} : { bgpPassword: pw }),
            },
            // Each command names its own dependencies (the one before it, the objects its health check needs,
            // the previous zone's last commands).
            { parent },
            made,
            u.commandAfter,
          );
          // emitSwitch registers each command by name: the next zone's entries and the zone's Secret wait for them.
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

/** A zone's one password (a Pulumi input), as opposed to its map of passwords by switch. */
function isOnePassword(
  p: pulumi.Input<string> | Record<string, pulumi.Input<string>>,
): p is pulumi.Input<string> {
  return typeof p === "string" || pulumi.Output.isInstance(p) || p instanceof Promise;
}
