// A PlanDiff as DIFF.md: totals, blast radius, per-zone tables, the switch scripts that will run, the marked topology.
import { mermaid, topology } from "./diagram";
import { showField, type FieldChange } from "./field-diff";
import {
  ACTION_MARK,
  ACTION_TEXT,
  actionText,
  blastText,
  commandTally,
  objectTitle,
  sessionDetail,
  tallyText,
  type DiffLabels,
} from "./diff-text";
import {
  CLUSTER_SCOPE,
  NO_PLAN,
  runs,
  type ObjectChange,
  type PlanDiff,
  type ReleaseChange,
  type ZoneDiff,
} from "./diff";
import { fenced, mdText } from "./markup";
import { rolloutText } from "./rollout";
import type { NetworkPlan, SwitchCommand } from "../core/types";

const MARK = { added: "+", removed: "-", changed: "~" } as const;

/** Table cells: pipes escaped, values in code spans so addresses and paths read exactly. */
const cell = (s: string) => s.replace(/\|/g, "\\|");
const code = (s: string) => (s === "" ? "" : `\`${s.replace(/`/g, "'")}\``);

function fieldTable(fields: FieldChange[]): string[] {
  return [
    "| field | before | after |",
    "|---|---|---|",
    ...fields.map(
      (f) =>
        `| ${cell(code(f.path))} | ${cell(code(showField(f.before)))} | ${cell(code(showField(f.after)))} |`,
    ),
  ];
}

function objectSection(changes: (ObjectChange | ReleaseChange)[]): string[] {
  const out = ["| | object | Pulumi name | fields |", "|---|---|---|---|"];
  for (const c of changes) {
    const title = mdText("kind" in c ? objectTitle(c) : `HelmRelease ${c.name}`);
    const fields = c.fields
      .map((f) => `${code(f.path)}: ${code(showField(f.before))} → ${code(showField(f.after))}`)
      .join("<br>");
    const patch = "mode" in c && c.mode === "patch" ? " (patch)" : "";
    out.push(
      `| ${MARK[c.change]} | ${title} | ${cell(code(c.resourceName))}${patch} | ${cell(fields)} |`,
    );
  }
  return out;
}

/** The exact script Pulumi will run, from whichever plan holds the command. */
function scriptOf(
  plan: NetworkPlan,
  zone: string,
  sw: string,
  name: string,
): Pick<SwitchCommand, "create" | "delete"> | undefined {
  return runs(plan.switches.find((s) => s.zone === zone && s.name === sw)).find(
    (c) => c.name === name,
  );
}

function zoneSection(z: ZoneDiff, before: NetworkPlan, after: NetworkPlan): string[] {
  const out = [
    `## ${mdText(z.zone)} (${z.change}, AS${mdText(String(z.asn))})`,
    "",
    `Node subnet ${code(z.nodeCidr)}, pod CIDR ${code(z.podCidr)}.`,
  ];
  if (z.attributes.length > 0) out.push("", "### Zone", "", ...fieldTable(z.attributes));
  if (z.sessions.length > 0) {
    out.push(
      "",
      "### BGP sessions (both ends)",
      "",
      "| | kind | end A | end B | details | changed fields |",
      "|---|---|---|---|---|---|",
    );
    for (const c of z.sessions) {
      const s = c.session;
      const fields = c.fields
        .map((f) => `${code(f.path)}: ${code(showField(f.before))} → ${code(showField(f.after))}`)
        .join("<br>");
      out.push(
        `| ${MARK[c.change]} | ${mdText(s.kind)} | ${mdText(s.a.name)} ${cell(code(s.a.address))} | ${mdText(s.b.name)} ${cell(code(s.b.address))} | ${mdText(sessionDetail(s))} | ${cell(fields)}${c.resets ? " **(session resets)**" : ""} |`,
      );
    }
  }
  if (z.kubernetes.length > 0)
    out.push("", "### Kubernetes objects", "", ...objectSection(z.kubernetes));
  for (const s of z.switches) {
    out.push(
      "",
      `### Core switch ${mdText(`${s.zone}/${s.name}`)}${s.change === "changed" ? "" : ` (${s.change})`}`,
      "",
    );
    if (s.settings.length > 0) out.push("Switch settings:", "", ...fieldTable(s.settings), "");
    if (s.connection.length > 0)
      out.push(
        "SSH connection (every command below re-runs over it):",
        "",
        ...fieldTable(s.connection),
        "",
      );
    out.push("| | command | Pulumi runs | changed inputs |", "|---|---|---|---|");
    for (const c of s.commands)
      out.push(
        `| ${ACTION_MARK[c.action]} | ${cell(code(c.name))} | ${actionText(c)} | ${mdText(c.inputs.join(", "))} |`,
      );
    for (const c of s.commands) {
      const now = scriptOf(after, s.zone, s.name, c.name);
      const then = scriptOf(before, s.zone, s.name, c.name);
      const blocks: [string, string, string[]][] =
        c.action === "create"
          ? [["", "sh", [now!.create]]]
          : c.action === "delete"
            ? [["", "sh", [then!.delete]]]
            : [
                ...(c.createDiff.length > 0
                  ? [
                      ["create script, changed lines:", "diff", c.createDiff] as [
                        string,
                        string,
                        string[],
                      ],
                    ]
                  : []),
                ...(c.deleteDiff.length > 0
                  ? [
                      ["delete script, changed lines:", "diff", c.deleteDiff] as [
                        string,
                        string,
                        string[],
                      ],
                    ]
                  : []),
              ];
      if (blocks.length === 0) continue;
      out.push("", `<details><summary><code>${mdText(c.name)}</code>: ${actionText(c)}</summary>`);
      for (const [title, lang, lines] of blocks)
        out.push(
          "",
          ...(title ? [title, ""] : []),
          ...fenced(
            lang,
            lines.flatMap((l) => l.split("\n")),
          ),
        );
      out.push("", "</details>");
    }
  }
  return out;
}

export function diffMarkdown(
  d: PlanDiff,
  labels: DiffLabels,
  before: NetworkPlan | null,
  after: NetworkPlan | null,
  /** The commit a `git:<rev>` baseline resolved to. */
  commit?: string,
): string {
  const name = d.datacenter.after || d.datacenter.before;
  const out = [
    `# Network diff: ${mdText(name)}`,
    "",
    `${code(labels.after)} against ${code(labels.before)}${commit ? ` (commit ${mdText(commit)})` : ""}.`,
    "",
  ];
  if (!d.changed) {
    out.push(`**No changes.** Unchanged: ${mdText(d.blastRadius.unchanged.join(", "))}.`);
  } else {
    const t = d.totals;
    out.push(
      `**Blast radius:** ${mdText(blastText(d))}${d.blastRadius.switches.length > 0 ? `; core switches ${mdText(d.blastRadius.switches.join(", "))}` : ""}. **Unchanged:** ${mdText(d.blastRadius.unchanged.join(", ")) || "nothing"}.`,
      "",
      "| | changes |",
      "|---|---|",
      `| BGP sessions | ${tallyText(t.sessions)} |`,
      `| Kubernetes objects | ${tallyText(t.kubernetes)} |`,
      `| Helm releases | ${tallyText(t.helmReleases)} |`,
      `| switch commands | ${commandTally(t.commands)} |`,
      "",
      `**Rollout:** ${mdText(rolloutText(d.rollout, d.blastRadius.changed))}.`,
      "",
      "Switch commands: `+` create, `-` delete, `-/+` delete then create (identity changed), `~` create re-run in place.",
      "Secret values (BGP passwords, the SSH key) are not in the plan, so a changed secret does not show here.",
    );
  }
  const b = before ?? NO_PLAN;
  const a = after ?? NO_PLAN;
  for (const z of d.zones) if (z.change !== "unchanged") out.push("", ...zoneSection(z, b, a));
  if (d.cluster.change === "changed") {
    out.push("", `## ${CLUSTER_SCOPE}`);
    if (d.cluster.attributes.length > 0)
      out.push("", "### Settings", "", ...fieldTable(d.cluster.attributes));
    if (d.cluster.kubernetes.length > 0)
      out.push("", "### Kubernetes objects", "", ...objectSection(d.cluster.kubernetes));
    if (d.cluster.helmReleases.length > 0)
      out.push("", "### Helm releases", "", ...objectSection(d.cluster.helmReleases));
  }
  if (d.warnings.added.length + d.warnings.removed.length > 0) {
    out.push("", "## Warnings", "");
    for (const w of d.warnings.added) out.push(`- new: ${code(w.path)}: ${mdText(w.message)}`);
    for (const w of d.warnings.removed) out.push(`- gone: ${code(w.path)}: ${mdText(w.message)}`);
  }
  if (after || before) {
    const topo = topology(a, before);
    out.push(
      "",
      "## Topology",
      "",
      "Added sessions and nodes in green, removed ones dashed red, a changed address in orange (also in `diff.svg`).",
      "",
      ...fenced("mermaid", mermaid(topo)),
    );
  }
  return `${out.join("\n")}\n`;
}
