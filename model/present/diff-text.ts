// A PlanDiff as aligned terminal text: totals and blast radius first, then each zone that changed. Warnings are not
// network changes: the commands print the plan's warnings on stderr, and DIFF.md lists new and gone ones.
import { showField, type FieldChange } from "./field-diff";
import {
  CLUSTER_SCOPE,
  type CommandAction,
  type CommandChange,
  type ObjectChange,
  type PlanDiff,
  type ReleaseChange,
  type SessionChange,
  type SwitchDiff,
  type Tally,
  type ZoneDiff,
} from "./diff";
import { rolloutText } from "./rollout";
import { table } from "./text-table";
import type { BgpSession } from "../core/types";

/** What was compared with what, e.g. `git:HEAD (033fb2d) Pulumi.prod.yaml` and `Pulumi.prod.yaml`. */
export interface DiffLabels {
  before: string;
  after: string;
}

export const MARK = { added: "+", removed: "-", changed: "~" } as const;
/** Terraform's markers: `-/+` is a replacement (delete, then create). */
export const ACTION_MARK: Record<CommandAction, string> = {
  create: "+",
  delete: "-",
  replace: "-/+",
  update: "~",
};
export const ACTION_TEXT: Record<CommandAction, string> = {
  create: "create",
  delete: "delete",
  replace: "delete, then create (identity changed)",
  update: "create again (in-place update)",
};

/** A drain wait's action as the operator reads it (docs/drain.md). */
const DRAIN_TEXT: Record<CommandAction, string> = {
  create: "drain: wait until the switch withdrew the node's LoadBalancer next hops",
  delete: "undrain: wait until the node's LoadBalancer next hops are back",
  replace: "drain: wait again (identity changed)",
  update: "drain: wait again (in-place update)",
};

export function actionText(c: Pick<CommandChange, "action" | "kind">): string {
  return (c.kind === "drain-wait" ? DRAIN_TEXT : ACTION_TEXT)[c.action];
}

export function sessionDetail(s: BgpSession): string {
  return [
    ...(s.rrClient ? [`rr-client ${s.rrClient}`] : []),
    ...(s.passwordRef ? ["md5"] : []),
    ...(s.exportReject.length > 0 ? [`not exported: ${s.exportReject.join(", ")}`] : []),
  ].join(", ");
}

export function objectTitle(o: ObjectChange): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}

export function tallyText(t: Tally): string {
  const parts = [
    ...(t.added ? [`+${t.added}`] : []),
    ...(t.removed ? [`-${t.removed}`] : []),
    ...(t.changed ? [`~${t.changed}`] : []),
  ];
  return parts.length > 0 ? parts.join(" ") : "no change";
}

export function commandTally(c: Record<CommandAction, number>): string {
  const order: CommandAction[] = ["create", "delete", "replace", "update"];
  const parts = order.filter((a) => c[a] > 0).map((a) => `${ACTION_MARK[a]}${c[a]}`);
  return parts.length > 0 ? parts.join(" ") : "no change";
}

/** `az4 (added)`, `az1`, `cluster-wide`: the scopes a change reaches. */
export function blastText(d: PlanDiff): string {
  const zone = (name: string) => d.zones.find((z) => z.zone === name);
  const scope = (name: string) => {
    const c = zone(name)?.change;
    return c === "added" || c === "removed" ? `${name} (${c})` : name;
  };
  return d.blastRadius.changed.map(scope).join(", ") || "nothing";
}

function fieldRows(fields: FieldChange[]): string[][] {
  return fields.map((f) => [f.path, `${showField(f.before)} -> ${showField(f.after)}`]);
}

function sessionRows(changes: SessionChange[]): string[] {
  const rows = changes.map((c) => {
    const s = c.session;
    return [
      MARK[c.change],
      s.kind,
      s.a.name,
      s.a.address,
      "<->",
      s.b.name,
      s.b.address,
      [sessionDetail(s), c.resets ? "session resets" : ""].filter(Boolean).join("; "),
    ];
  });
  const lines = table(rows);
  return changes.flatMap((c, i) => [lines[i], ...table(fieldRows(c.fields), "    ")]);
}

function objectRows(changes: (ObjectChange | ReleaseChange)[]): string[] {
  const title = (c: ObjectChange | ReleaseChange) =>
    "kind" in c ? objectTitle(c) : `HelmRelease ${c.name}`;
  const lines = table(
    changes.map((c) => [
      MARK[c.change],
      title(c),
      `(${c.resourceName}${"mode" in c && c.mode === "patch" ? ", patch" : ""})`,
    ]),
  );
  return changes.flatMap((c, i) => [lines[i], ...table(fieldRows(c.fields), "    ")]);
}

function commandRows(s: SwitchDiff): string[] {
  const lines = table(
    s.commands.map((c: CommandChange) => [
      ACTION_MARK[c.action],
      c.name,
      actionText(c) + (c.inputs.length > 0 ? `; changed: ${c.inputs.join(", ")}` : ""),
    ]),
  );
  return [...table(fieldRows([...s.settings, ...s.connection]), "    "), ...lines];
}

/** Label column + its block, the label on the block's first line only. */
function labelled(groups: [string, string[]][]): string[] {
  const width = Math.max(...groups.map(([label]) => label.length));
  return groups.flatMap(([label, lines]) =>
    lines.map((line, i) => `  ${(i === 0 ? label : "").padEnd(width)}  ${line}`.trimEnd()),
  );
}

function zoneBlock(z: ZoneDiff): string[] {
  const groups: [string, string[]][] = [];
  if (z.attributes.length > 0) groups.push(["zone", table(fieldRows(z.attributes))]);
  if (z.sessions.length > 0) groups.push(["sessions", sessionRows(z.sessions)]);
  if (z.kubernetes.length > 0) groups.push(["kubernetes", objectRows(z.kubernetes)]);
  for (const s of z.switches)
    groups.push([
      `switch ${s.name}${s.change === "changed" ? "" : ` (${s.change})`}`,
      commandRows(s),
    ]);
  return [
    `${z.zone}  ${z.change}  AS${z.asn}  nodes ${z.nodeCidr}  pods ${z.podCidr}`,
    ...labelled(groups),
  ];
}

function clusterBlock(d: PlanDiff): string[] {
  const c = d.cluster;
  const groups: [string, string[]][] = [];
  if (c.attributes.length > 0) groups.push(["settings", table(fieldRows(c.attributes))]);
  if (c.kubernetes.length > 0) groups.push(["kubernetes", objectRows(c.kubernetes)]);
  if (c.helmReleases.length > 0) groups.push(["helm", objectRows(c.helmReleases)]);
  return [`${CLUSTER_SCOPE}  changed`, ...labelled(groups)];
}

export function diffText(d: PlanDiff, labels: DiffLabels): string {
  const name =
    d.datacenter.before && d.datacenter.before !== d.datacenter.after
      ? `${d.datacenter.before} -> ${d.datacenter.after}`
      : d.datacenter.after || d.datacenter.before;
  const head = `diff ${name}: ${labels.after} against ${labels.before}`;
  if (!d.changed) {
    return `${head}\n  no changes; unchanged: ${d.blastRadius.unchanged.join(", ")}\n`;
  }
  const t = d.totals;
  const summary: string[][] = [
    ["sessions", tallyText(t.sessions)],
    ["kubernetes", tallyText(t.kubernetes)],
    ["helm", tallyText(t.helmReleases)],
    [
      "switches",
      `${commandTally(t.commands)}${d.blastRadius.switches.length > 0 ? ` on ${d.blastRadius.switches.join(", ")}` : ""}`,
    ],
    ["blast radius", blastText(d)],
    ["rollout", rolloutText(d.rollout, d.blastRadius.changed)],
    ["unchanged", d.blastRadius.unchanged.join(", ") || "nothing"],
  ];
  const lines = [head, ...table(summary, "  ")];
  for (const z of d.zones) if (z.change !== "unchanged") lines.push("", ...zoneBlock(z));
  if (d.cluster.change === "changed") lines.push("", ...clusterBlock(d));
  return `${lines.join("\n")}\n`;
}
