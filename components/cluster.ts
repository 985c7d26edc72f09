// Cluster: one datacenter. Its arguments go through the one pipeline (check.ts: spec -> plan -> preflight) before
// anything registers; then it emits the plan unit by unit in the plan's order (model/plan/ordering.ts: MetalLB and
// its pools, the IngressPool, every Zone and MasterPair, and last the `default` BGPConfiguration that turns the node
// mesh off), each under its component and waiting for the plan keys it names. It resolves; the plan decides.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES, names } from "../model/core/names";
import { emitOrder, type EmitUnit } from "../model/plan/ordering";
import type { ComponentName, NetworkPlan } from "../model/core/types";
import { secretKeyValue } from "../model/plan/kubernetes";
import { checkCluster } from "./check";
import { emitObject, emitRelease, emitSwitch, fillSecretSlots } from "./emit";
import { IngressPool } from "./ingress-pool";
import { MasterPair } from "./master-pair";
import { clusterSecrets } from "./secrets";
import type { ClusterArgs, PoolView, RolloutView, SessionsSummary, ZoneSummary } from "./types";
import { Zone } from "./zone";

type Shell = Zone | MasterPair | IngressPool;

export class Cluster extends pulumi.ComponentResource {
  /** The Zone components by zone name. */
  readonly zones: Record<string, Zone>;
  readonly ingressPool: IngressPool;
  /** Each zone's AS, pod CIDR, reflectors, ingress nodes and session count. */
  readonly zoneSummary: pulumi.Output<Record<string, ZoneSummary>>;
  readonly loadBalancerPools: pulumi.Output<PoolView[]>;
  /** The order `pulumi up` changes the zones in (docs/rollout.md). */
  readonly rollout: pulumi.Output<RolloutView>;
  readonly sessions: pulumi.Output<SessionsSummary>;
  /** The checked plan the Cluster emitted (what `npm run plan` writes for the same config). */
  readonly plan: NetworkPlan;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Invalid arguments stop here, before the Cluster itself registers.
    const { plan } = checkCluster(name, args);
    super(COMPONENT_TYPES.cluster, name, {}, opts);
    this.plan = plan;
    this.zones = {};
    const projectDir = args.projectDir ?? process.cwd();
    const secrets = clusterSecrets(args);
    // A Secret key's value, as the model says which password it holds (plan/kubernetes.ts `secretKeyValue`).
    const slotValue = (zone: string) => (key: string) => {
      const switches = plan.zones.find((z) => z.name === zone)?.switches.map((sw) => sw.name);
      return secretKeyValue(key, switches ?? [], (sw) => secrets.password(zone, sw));
    };
    const made = new Map<string, pulumi.Resource>([[names.componentKey("cluster"), this]]);
    const shells: Shell[] = [];
    const zoneOf = new Map<Shell, string>();
    const commands = new Map<string, Record<string, pulumi.CustomResource>>();
    const get = (u: EmitUnit, key: string) => {
      const r = made.get(key);
      if (!r) throw new Error(`internal: ${u.key} needs ${key}, which is not emitted before it`);
      return r;
    };
    let ingressPool: IngressPool | undefined;
    for (const u of emitOrder(plan)) {
      const parent = get(u, u.parent);
      const dependsOn = u.after.map((k) => get(u, k));
      const options = { parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
      switch (u.kind) {
        case "component": {
          const shell = component(plan, u.component, u.zone, options);
          if (shell instanceof Zone) this.zones[u.zone!] = shell;
          if (u.zone !== undefined) zoneOf.set(shell, u.zone);
          if (shell instanceof IngressPool) ingressPool = shell;
          shells.push(shell);
          made.set(u.key, shell);
          break;
        }
        case "release":
          made.set(u.key, emitRelease(u.release, options, projectDir));
          break;
        case "object": {
          const zone = u.object.zone;
          made.set(
            u.key,
            emitObject(
              u.object,
              options,
              zone === undefined || !secrets.hasPasswords(zone)
                ? {}
                : fillSecretSlots(u.object.body, slotValue(zone)),
            ),
          );
          break;
        }
        case "switch": {
          const pw = secrets.password(u.switch.zone, u.switch.name);
          const emitted = emitSwitch(
            u.switch,
            { privateKey: secrets.privateKey, ...(pw === undefined ? {} : { bgpPassword: pw }) },
            // Each command names its own dependencies (the one before it, the objects its health check needs,
            // the previous zone's last commands).
            { parent },
            made,
            u.commandAfter,
          );
          // emitSwitch registers each command by name: the next zone's entries and the zone's Secret wait for it.
          const own = commands.get(u.switch.zone) ?? {};
          for (const [commandName, resource] of emitted) own[commandName] = resource;
          commands.set(u.switch.zone, own);
          break;
        }
      }
    }
    this.ingressPool = ingressPool!;
    for (const s of shells.reverse()) {
      if (s instanceof Zone) s.done(commands.get(zoneOf.get(s)!) ?? {});
      else s.done();
    }
    this.zoneSummary = pulumi.output(zoneSummaries(plan));
    this.loadBalancerPools = pulumi.output(plan.loadBalancerPools.map((p) => ({ ...p })));
    this.rollout = pulumi.output({ mode: plan.rollout.mode, order: [...plan.rollout.order] });
    this.sessions = pulumi.output(sessionsSummary(plan));
    this.registerOutputs({
      zones: this.zoneSummary,
      loadBalancerPools: this.loadBalancerPools,
      rollout: this.rollout,
      sessions: this.sessions,
    });
  }
}

function component(
  plan: NetworkPlan,
  c: ComponentName,
  zone: string | undefined,
  opts: pulumi.ComponentResourceOptions,
): Shell {
  const zonePlan = () => plan.zones.find((z) => z.name === zone)!;
  switch (c) {
    case "zone":
      return new Zone(
        names.zone(zone!),
        { zone: zonePlan(), sessions: plan.sessions.filter((s) => s.zone === zone) },
        opts,
      );
    case "master-pair":
      return new MasterPair(names.masterPair(zone!), { zone: zonePlan() }, opts);
    case "ingress-pool":
      return new IngressPool(names.ingressPool(), { plan }, opts);
    case "cluster":
      throw new Error("internal: the Cluster is the root, not a unit of the plan");
  }
}

function zoneSummaries(plan: NetworkPlan): Record<string, ZoneSummary> {
  return Object.fromEntries(
    plan.zones.map((z) => [
      z.name,
      {
        asn: z.asn,
        podCidr: z.podCidr,
        reflectors: z.reflectors.map((r) => r.name),
        ingressNodes: z.ingressNodes.map((n) => n.name),
        sessions: plan.sessions.filter((s) => s.zone === z.name).length,
      },
    ]),
  );
}

function sessionsSummary(plan: NetworkPlan): SessionsSummary {
  const count = (key: (s: NetworkPlan["sessions"][number]) => string) => {
    const out: Record<string, number> = {};
    for (const s of plan.sessions) out[key(s)] = (out[key(s)] ?? 0) + 1;
    return out;
  };
  return {
    total: plan.sessions.length,
    byKind: count((s) => s.kind),
    byZone: count((s) => s.zone),
  };
}
