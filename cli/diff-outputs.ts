// `--against`: the diff of two plans as DIFF.md, diff.json and diff.svg beside the plan, and as terminal text.
import { dot, topology } from "../model/present/diagram";
import { diffPlans, type PlanDiff } from "../model/present/diff";
import { diffMarkdown } from "../model/present/diff-markdown";
import { diffText, tallyText, commandTally, type DiffLabels } from "../model/present/diff-text";
import type { PlanFile } from "../model/present/render";
import type { NetworkPlan } from "../model/core/types";
import { showValue } from "../model/core/errors";
import type { Baseline } from "./baseline";
import { CliError } from "../io/input";
import { svgOf } from "../io/svg";

export interface DiffOutputs {
  diff: PlanDiff;
  labels: DiffLabels;
  files: PlanFile[];
  text: string;
  /** diff.json: the labels and the whole PlanDiff (what `--format json` prints). */
  json: string;
}

export async function diffOutputs(
  baseline: Baseline,
  plan: NetworkPlan,
  planLabel: string,
): Promise<DiffOutputs> {
  try {
    return await compare(baseline, plan, planLabel);
  } catch (e) {
    // A plan.json with the right lists but wrong entries: refused in one line like any other bad baseline.
    if (e instanceof CliError) throw e;
    throw new CliError(
      `--against ${baseline.label}: cannot be compared (got ${showValue((e as Error).message)}); pass a plan.json written by npm run plan`,
    );
  }
}

async function compare(
  baseline: Baseline,
  plan: NetworkPlan,
  planLabel: string,
): Promise<DiffOutputs> {
  const diff = diffPlans(baseline.plan, plan);
  const labels = { before: baseline.label, after: planLabel };
  const commit = baseline.commit === undefined ? {} : { beforeCommit: baseline.commit };
  const json = `${JSON.stringify({ before: labels.before, ...commit, after: labels.after, ...diff }, null, 2)}\n`;
  return {
    diff,
    labels,
    text: diffText(diff, labels),
    json,
    files: [
      {
        path: "DIFF.md",
        content: diffMarkdown(diff, labels, baseline.plan, plan, baseline.commit),
      },
      { path: "diff.json", content: json },
      { path: "diff.svg", content: await svgOf(dot(topology(plan, baseline.plan))) },
    ],
  };
}

/** What was compared, then one progress line per zone: what the diff found there. */
export function zoneProgress(stack: string, d: Pick<DiffOutputs, "diff" | "labels">): string[] {
  const head = `${stack}: comparing ${d.labels.after} with ${d.labels.before}`;
  return [
    head,
    ...d.diff.zones.map((z) => {
      if (z.change === "unchanged") return `${stack}: ${z.zone} unchanged`;
      const commands = z.switches.flatMap((s) => s.commands);
      const count = (a: string) => commands.filter((c) => c.action === a).length;
      const tally = (xs: { change: string }[]) =>
        tallyText({
          added: xs.filter((x) => x.change === "added").length,
          removed: xs.filter((x) => x.change === "removed").length,
          changed: xs.filter((x) => x.change === "changed").length,
        });
      return `${stack}: ${z.zone} ${z.change}: sessions ${tally(z.sessions)}, kubernetes ${tally(z.kubernetes)}, switch commands ${commandTally({ create: count("create"), delete: count("delete"), replace: count("replace"), update: count("update") })}`;
    }),
  ];
}
