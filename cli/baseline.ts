// `--against <ref>`: the plan to compare with, from a stack file, a previous plan.json (or its directory), or a
// stack file as committed at a git revision (`git:HEAD~1`). Every form goes through the same model.
import { statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { showValue } from "../model/core/errors";
import { planShapeProblem } from "../model/core/plan-schema";
import type { NetworkPlan } from "../model/core/types";
import { RevisionError, showAtRevision } from "./git";
import { CliError, readInput, shown, stacksIn } from "../io/input";
import { baselineFromText } from "./load";

export interface Baseline {
  /** How the output names it, e.g. `git:HEAD~1 Pulumi.prod.yaml` or `plan/prod/plan.json`. */
  label: string;
  /** `git:<rev>`: the abbreviated commit it resolved to (in diff.json and DIFF.md; the terminal shows the rev). */
  commit?: string;
  /** null: the stack file does not exist at that revision (everything is an addition). */
  plan: NetworkPlan | null;
}

const LISTS = ["zones", "sessions", "kubernetes", "helmReleases", "switches", "warnings"] as const;

/** A plan.json written by `npm run plan`: checked for the lists the diff reads, so an unrelated JSON is refused. */
function asPlan(value: unknown, label: string): NetworkPlan {
  const v = value as Record<string, unknown> | null;
  const missing =
    v === null || typeof v !== "object"
      ? ["datacenter"]
      : [
          ...(typeof v.datacenter === "string" ? [] : ["datacenter"]),
          ...LISTS.filter((k) => !Array.isArray(v[k])),
        ];
  if (missing.length > 0)
    throw new RevisionError(
      `--against ${label}: is not a plan.json written by npm run plan (got no ${missing.join(", ")}); pass a plan.json, a stack file or git:<rev>`,
    );
  // The plan's whole shape (model/core/plan-schema.ts): line breaks only in scripts and switch input, no field
  // a plan does not have, so nothing the diff reads can be missing or of another type.
  const problem = planShapeProblem(value);
  if (problem !== undefined)
    throw new RevisionError(
      `--against ${label}: ${problem}; pass a plan.json written by npm run plan`,
    );
  return value as NetworkPlan;
}

/** For a missing `Pulumi.<stack>.yaml`, the stacks that do exist beside it (as --stack's refusal names them). */
function stacksBeside(file: string): string {
  if (!/^Pulumi\..+\.yaml$/.test(basename(file))) return "";
  const here = stacksIn(dirname(file));
  return here.length === 0 ? "" : `the stacks beside it: ${here.join(", ")}; `;
}

/**
 * `stackFile` is the project's `Pulumi.<stack>.yaml`: `git:<rev>` reads it as committed at the revision (also when
 * `--config` plans an edited copy elsewhere). Throws RevisionError (bad reference) or ConfigError (the baseline's
 * config is invalid, with every problem).
 */
export function loadBaseline(ref: string, stackFile: string): Baseline {
  if (ref.startsWith("git:")) {
    const rev = ref.slice(4);
    const { commit, text } = showAtRevision(rev, stackFile);
    const label = `git:${rev} ${basename(stackFile)}`;
    return { label, commit, plan: text === undefined ? null : baselineFromText(text, label) };
  }
  let file = resolve(ref);
  try {
    if (statSync(file).isDirectory()) file = join(file, "plan.json");
  } catch {
    // readInput names what is wrong with it
  }
  const label = shown(file);
  let text: string;
  try {
    text = readInput(file, `--against ${ref}`, FIX);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    throw new RevisionError(
      e.code === "ENOENT"
        ? `--against ${ref}: no such file (got ${shown(file)}); ${stacksBeside(file)}${FIX}`
        : e.message,
    );
  }
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new RevisionError(
        `--against ${label}: is not valid JSON (got ${showValue((e as Error).message)}); pass a plan.json written by npm run plan`,
      );
    }
    return { label, plan: asPlan(parsed, label) };
  }
  return { label, plan: baselineFromText(text, label) };
}

const FIX = "pass a stack file, a plan.json or its directory, or git:<rev>";

/** The lines to print when a baseline cannot be had: what was asked, and every problem. */
export function baselineFailure(ref: string, e: unknown): string[] {
  if (e instanceof RevisionError) return [e.message];
  const problems = (e as { problems?: string[] }).problems;
  if (!Array.isArray(problems)) throw e;
  return [
    `--against ${ref}: the config to compare with has ${problems.length} problem${problems.length === 1 ? "" : "s"}, nothing written:`,
    ...problems.map((p) => `  ${p}`),
  ];
}
