// The difference of two NetworkPlans, per zone: both ends of every session, Kubernetes fields, switch commands.
// Pure: it compares what the one model planned, and decides nothing the plan has not already decided.
import { diffFields, sameJson, type FieldChange } from "./field-diff";
import { lineDiff } from "../core/line-diff";
import type {
  BgpSession,
  HelmRelease,
  KubernetesObject,
  NetworkPlan,
  RolloutPlan,
  SwitchCommand,
  SwitchPlan,
  Warning,
  ZonePlan,
} from "../core/types";

export type Change = "added" | "removed" | "changed";

export interface SessionChange {
  change: Change;
  /** The session as planned now (as it was, when removed). */
  session: BgpSession;
  /** Changed sessions: the attributes that differ (ends are the identity, so never here). */
  fields: FieldChange[];
  /** Changed sessions: true when a daemon must tear the session down to apply it (anything but export filters). */
  resets: boolean;
}

export interface ObjectChange {
  change: Change;
  resourceName: string;
  kind: string;
  name: string;
  namespace?: string;
  mode: KubernetesObject["mode"];
  /** Changed objects: paths inside the body (`spec.peerIP`), and `pulumi.*` for mode, parent and dependencies. */
  fields: FieldChange[];
}

export interface ReleaseChange {
  change: Change;
  resourceName: string;
  name: string;
  fields: FieldChange[];
}

/**
 * What Pulumi will run for a switch command (domain brief §7.1): a new command runs `create`, a dropped one its
 * stored `delete`; a changed trigger replaces it (old `delete`, then new `create`: deleteBeforeReplace); any other
 * changed input is an update, which re-runs `create` (idempotent).
 */
export type CommandAction = "create" | "delete" | "replace" | "update";

export interface CommandChange {
  action: CommandAction;
  name: string;
  /** `drain-wait`: a drain's read-only wait (docs/drain.md); its create waits for the withdrawal, its delete for the return. */
  kind: SwitchCommand["kind"] | "drain-wait";
  /** Replace/update: which inputs differ (`create`, `delete`, `stdin`, `triggers`, `connection`). */
  inputs: string[];
  /** Replace/update: line diff of the create script (empty when it is unchanged). */
  createDiff: string[];
  /** Replace/update: line diff of the delete script. */
  deleteDiff: string[];
}

export interface SwitchDiff {
  zone: string;
  name: string;
  change: Change;
  /** Switch settings that differ (AS, address, dialect, and whatever else the plan states about the switch). */
  settings: FieldChange[];
  /** SSH connection fields that differ (host, port, user, hostKey). */
  connection: FieldChange[];
  commands: CommandChange[];
}

export type ScopeChange = Change | "unchanged";

export interface ZoneDiff {
  zone: string;
  change: ScopeChange;
  /** The zone as planned now (as it was, when removed). */
  asn: number;
  nodeCidr: string;
  podCidr: string;
  /** Changed zones: AS, subnets, cluster ID and members (`ingressNodes["n1"]` = its address). */
  attributes: FieldChange[];
  sessions: SessionChange[];
  kubernetes: ObjectChange[];
  switches: SwitchDiff[];
}

export interface ClusterDiff {
  change: "changed" | "unchanged";
  /** Datacenter name, versions, ingress mode, LoadBalancer pools. */
  attributes: FieldChange[];
  kubernetes: ObjectChange[];
  helmReleases: ReleaseChange[];
}

export interface Tally {
  added: number;
  removed: number;
  changed: number;
}

export interface PlanDiff {
  datacenter: { before: string; after: string };
  /** True when anything that Pulumi would apply differs (warnings alone do not count). */
  changed: boolean;
  /** Every zone of either plan, by name. */
  zones: ZoneDiff[];
  /** Objects and settings that belong to no zone. */
  cluster: ClusterDiff;
  /** The rollout of the plan applied (the baseline's when the stack goes away); ordering only, never a change. */
  rollout: RolloutPlan;
  warnings: { added: Warning[]; removed: Warning[] };
  blastRadius: {
    /** Scopes with a change: zone names, then `cluster-wide`. */
    changed: string[];
    /** Scopes without: zone names, then `cluster-wide`. */
    unchanged: string[];
    /** `zone/switch` of every core switch that runs something. */
    switches: string[];
  };
  totals: {
    sessions: Tally;
    kubernetes: Tally;
    helmReleases: Tally;
    commands: Record<CommandAction, number>;
  };
}

export const CLUSTER_SCOPE = "cluster-wide";

/** A session is its two ends (name and address): a new address is a new TCP session, as the switch sees it. */
export function sessionKey(s: BgpSession): string {
  return `${s.zone} ${s.kind} ${s.a.name}@${s.a.address} ${s.b.name}@${s.b.address}`;
}

/** Pairs the items of two lists by key, in the after order; a removed item follows its predecessor in before. */
function pair<T>(before: T[], after: T[], key: (t: T) => string): [T | undefined, T | undefined][] {
  const old = new Map(before.map((t) => [key(t), t]));
  const now = new Set(after.map(key));
  const out: [T | undefined, T | undefined][] = after.map((t) => [old.get(key(t)), t]);
  let previous: string | undefined;
  for (const t of before) {
    // Keeps a readdressed node's old sessions and commands next to its new ones.
    if (!now.has(key(t))) {
      const at =
        previous === undefined ? 0 : out.findIndex(([b, a]) => key((a ?? b)!) === previous) + 1;
      out.splice(at, 0, [t, undefined]);
    }
    previous = key(t);
  }
  return out;
}

function sessionChanges(before: BgpSession[], after: BgpSession[]): SessionChange[] {
  const out: SessionChange[] = [];
  for (const [b, a] of pair(before, after, sessionKey)) {
    if (!a) out.push({ change: "removed", session: b!, fields: [], resets: false });
    else if (!b) out.push({ change: "added", session: a, fields: [], resets: false });
    else {
      const fields = diffFields(b, a);
      // BIRD restarts a protocol for any changed option but filters; FRR resets on a new AS or password.
      if (fields.length > 0)
        out.push({
          change: "changed",
          session: a,
          fields,
          resets: fields.some((f) => !f.path.startsWith("exportReject")),
        });
    }
  }
  return out;
}

function objectChanges(before: KubernetesObject[], after: KubernetesObject[]): ObjectChange[] {
  const out: ObjectChange[] = [];
  for (const [b, a] of pair(before, after, (o) => o.resourceName)) {
    const o = (a ?? b)!;
    const head = {
      resourceName: o.resourceName,
      kind: o.body.kind,
      name: o.body.metadata.name,
      ...(o.body.metadata.namespace === undefined ? {} : { namespace: o.body.metadata.namespace }),
      mode: o.mode,
    };
    if (!a) out.push({ change: "removed", ...head, fields: [] });
    else if (!b) out.push({ change: "added", ...head, fields: [] });
    else {
      const meta = (x: KubernetesObject) => ({
        mode: x.mode,
        component: x.component,
        dependsOn: x.dependsOn,
      });
      const fields = [...diffFields(b.body, a.body), ...diffFields(meta(b), meta(a), "pulumi")];
      if (fields.length > 0) out.push({ change: "changed", ...head, fields });
    }
  }
  return out;
}

/**
 * `existed`: resource names of the baseline plan. An ordering edge to a resource the change adds is part of that
 * addition (a new zone's ingress Node patches), not a change of the release.
 */
function releaseChanges(
  before: HelmRelease[],
  after: HelmRelease[],
  existed: Set<string>,
): ReleaseChange[] {
  const out: ReleaseChange[] = [];
  for (const [b, a] of pair(before, after, (r) => r.resourceName)) {
    const r = (a ?? b)!;
    const head = { resourceName: r.resourceName, name: r.name };
    if (!a) out.push({ change: "removed", ...head, fields: [] });
    else if (!b) out.push({ change: "added", ...head, fields: [] });
    else {
      const body = ({ resourceName: _, ...rest }: HelmRelease) => rest;
      const edges = (x: HelmRelease) =>
        x.dependsOn === undefined ? {} : { dependsOn: x.dependsOn.filter((d) => existed.has(d)) };
      const fields = diffFields(body(b), { ...body(a), ...edges(a) });
      if (fields.length > 0) out.push({ change: "changed", ...head, fields });
    }
  }
  return out;
}

function commandChanges(
  before: SwitchPlan | undefined,
  after: SwitchPlan | undefined,
): CommandChange[] {
  const connectionChanged = !!before && !!after && !sameJson(before.ssh, after.ssh);
  const out: CommandChange[] = [];
  const none = { inputs: [], createDiff: [], deleteDiff: [] };
  for (const [b, a] of pair(runs(before), runs(after), (c) => c.name)) {
    if (!a) out.push({ action: "delete", name: b!.name, kind: b!.kind, ...none });
    else if (!b) out.push({ action: "create", name: a.name, kind: a.kind, ...none });
    else {
      const inputs = (["create", "delete", "stdin", "triggers"] as const).filter(
        (k) => !sameJson(b[k], a[k]),
      );
      const all = connectionChanged ? [...inputs, "connection"] : [...inputs];
      if (all.length === 0) continue;
      out.push({
        action: inputs.includes("triggers") ? "replace" : "update",
        name: a.name,
        kind: a.kind,
        inputs: all,
        createDiff: lineDiff(b.create, a.create),
        deleteDiff: lineDiff(b.delete, a.delete),
      });
    }
  }
  return out;
}

/** What Pulumi runs on a switch: its commands and a drain's waits (no stdin, no triggers: only their scripts). */
export function runs(sw: SwitchPlan | undefined): (Pick<
  SwitchCommand,
  "name" | "create" | "delete" | "stdin" | "triggers"
> & {
  kind: CommandChange["kind"];
})[] {
  return [
    ...(sw?.commands ?? []),
    ...(sw?.drainWaits ?? []).map((w) => ({
      name: w.name,
      kind: "drain-wait" as const,
      create: w.create,
      delete: w.delete,
      triggers: [],
    })),
  ];
}

function switchDiffs(before: SwitchPlan[], after: SwitchPlan[]): SwitchDiff[] {
  const out: SwitchDiff[] = [];
  for (const [b, a] of pair(before, after, (s) => s.name)) {
    const s = (a ?? b)!;
    const commands = commandChanges(b, a);
    const connection = a && b ? diffFields(b.ssh, a.ssh, "ssh") : [];
    const settings = a && b ? diffFields(switchSettings(b), switchSettings(a)) : [];
    if (commands.length + connection.length + settings.length === 0) continue;
    out.push({
      zone: s.zone,
      name: s.name,
      change: !a ? "removed" : !b ? "added" : "changed",
      settings,
      connection,
      commands,
    });
  }
  return out;
}

/**
 * Everything the plan states about a switch beyond its identity, connection and commands; neighbors are left out
 * because each is one command already.
 */
function switchSettings(s: SwitchPlan): Record<string, unknown> {
  const sw = s as SwitchPlan & { neighbors?: unknown };
  const { name: _n, zone: _z, ssh: _s, commands: _c, neighbors: _nb, drainWaits: _d, ...rest } = sw;
  // Lists of named things (peer groups) are keyed by name: `peerGroups["K8S-RR"].holdSeconds`.
  const named = (v: unknown): v is { name: string }[] =>
    Array.isArray(v) && v.every((x) => typeof (x as { name?: unknown })?.name === "string");
  return Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      named(v) ? Object.fromEntries(v.map((x) => [x.name, x])) : v,
    ]),
  );
}

/** A zone's settings and members keyed by name, so a member's field path names it: `ingressNodes["n1"]`. */
function zoneRecord(z: ZonePlan): Record<string, unknown> {
  const byName = (xs: { name: string; address: string }[]) =>
    Object.fromEntries(xs.map((x) => [x.name, x.address]));
  return {
    asn: z.asn,
    nodeCidr: z.nodeCidr,
    podCidr: z.podCidr,
    routeReflectorClusterId: z.routeReflectorClusterId,
    switches: byName(z.switches),
    reflectors: byName(z.reflectors),
    ingressNodes: byName(z.ingressNodes),
    workers: byName(z.workers),
    // Drains (docs/drain.md): `drained["n1"]: true` when a node is drained; `zoneDrained` for the whole zone.
    drained: Object.fromEntries(z.ingressNodes.filter((n) => n.drained).map((n) => [n.name, true])),
    zoneDrained: z.drained === true,
  };
}

function clusterRecord(p: NetworkPlan | null): Record<string, unknown> {
  if (!p) return {};
  return {
    datacenter: p.datacenter,
    versions: p.versions,
    ingressMode: p.ingressMode,
    loadBalancerPools: Object.fromEntries(
      p.loadBalancerPools.map((x) => [
        x.name,
        {
          cidr: x.cidr,
          ...(x.cidr6 === undefined ? {} : { cidr6: x.cidr6 }),
          autoAssign: x.autoAssign,
        },
      ]),
    ),
  };
}

function tally(changes: { change: Change }[]): Tally {
  const n = (c: Change) => changes.filter((x) => x.change === c).length;
  return { added: n("added"), removed: n("removed"), changed: n("changed") };
}

/** `null` stands for a stack that does not exist on that side (not yet, or no longer). */
export function diffPlans(before: NetworkPlan | null, after: NetworkPlan | null): PlanDiff {
  const b0 = before ?? NO_PLAN;
  const a0 = after ?? NO_PLAN;
  return diff(b0, a0, clusterRecord(before), clusterRecord(after));
}

/** The plan of no stack at all: every list empty. */
export const NO_PLAN: NetworkPlan = {
  datacenter: "",
  versions: { kubernetes: "", calico: "", metallb: "", ingress: "" },
  ingressMode: "direct",
  loadBalancerPools: [],
  zones: [],
  sessions: [],
  kubernetes: [],
  helmReleases: [],
  nodeRegistrations: [],
  switches: [],
  rollout: { mode: "parallel", order: [] },
  ordering: [],
  warnings: [],
};

function diff(
  before: NetworkPlan,
  after: NetworkPlan,
  clusterBefore: Record<string, unknown>,
  clusterAfter: Record<string, unknown>,
): PlanDiff {
  const zoneNames = [
    ...new Set([...before.zones.map((z) => z.name), ...after.zones.map((z) => z.name)]),
  ].sort();
  const inZone = <T extends { zone?: string }>(xs: T[], zone: string) =>
    xs.filter((x) => x.zone === zone);
  const zones: ZoneDiff[] = zoneNames.map((name) => {
    const b = before.zones.find((z) => z.name === name);
    const a = after.zones.find((z) => z.name === name);
    const z = (a ?? b)!;
    const sessions = sessionChanges(inZone(before.sessions, name), inZone(after.sessions, name));
    const kubernetes = objectChanges(
      inZone(before.kubernetes, name),
      inZone(after.kubernetes, name),
    );
    const switches = switchDiffs(inZone(before.switches, name), inZone(after.switches, name));
    const attributes = a && b ? diffFields(zoneRecord(b), zoneRecord(a)) : [];
    const moved = sessions.length + kubernetes.length + switches.length + attributes.length > 0;
    return {
      zone: name,
      change: !b ? "added" : !a ? "removed" : moved ? "changed" : "unchanged",
      asn: z.asn,
      nodeCidr: z.nodeCidr,
      podCidr: z.podCidr,
      attributes,
      sessions,
      kubernetes,
      switches,
    };
  });

  const clusterObjects = objectChanges(
    before.kubernetes.filter((o) => o.zone === undefined),
    after.kubernetes.filter((o) => o.zone === undefined),
  );
  const helmReleases = releaseChanges(
    before.helmReleases,
    after.helmReleases,
    new Set([...before.kubernetes, ...before.helmReleases].map((x) => x.resourceName)),
  );
  const clusterAttributes = diffFields(clusterBefore, clusterAfter);
  const clusterMoved = clusterObjects.length + helmReleases.length + clusterAttributes.length > 0;
  const cluster: ClusterDiff = {
    change: clusterMoved ? "changed" : "unchanged",
    attributes: clusterAttributes,
    kubernetes: clusterObjects,
    helmReleases,
  };

  const warningKey = (w: Warning) => `${w.path}\n${w.message}`;
  const oldWarnings = new Set(before.warnings.map(warningKey));
  const newWarnings = new Set(after.warnings.map(warningKey));
  const scopes = [
    ...zones.map((z) => ({ name: z.zone, changed: z.change !== "unchanged" })),
    { name: CLUSTER_SCOPE, changed: clusterMoved },
  ];
  const commands = zones.flatMap((z) => z.switches.flatMap((s) => s.commands));
  const count = (a: CommandAction) => commands.filter((c) => c.action === a).length;
  return {
    datacenter: { before: before.datacenter, after: after.datacenter },
    changed: scopes.some((s) => s.changed),
    zones,
    cluster,
    rollout: after.zones.length > 0 ? after.rollout : before.rollout,
    warnings: {
      added: after.warnings.filter((w) => !oldWarnings.has(warningKey(w))),
      removed: before.warnings.filter((w) => !newWarnings.has(warningKey(w))),
    },
    blastRadius: {
      changed: scopes.filter((s) => s.changed).map((s) => s.name),
      unchanged: scopes.filter((s) => !s.changed).map((s) => s.name),
      switches: zones.flatMap((z) => z.switches.map((s) => `${s.zone}/${s.name}`)),
    },
    totals: {
      sessions: tally(zones.flatMap((z) => z.sessions)),
      kubernetes: tally([...zones.flatMap((z) => z.kubernetes), ...clusterObjects]),
      helmReleases: tally(helmReleases),
      commands: {
        create: count("create"),
        delete: count("delete"),
        replace: count("replace"),
        update: count("update"),
      },
    },
  };
}
