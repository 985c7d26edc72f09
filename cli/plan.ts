// `npm run plan -- --stack prod`: the offline plan, rendered from the same model the Pulumi program uses.
import { dirname, join, resolve } from "node:path";
import { projectCharts } from "../model/spec/charts";
import { ConfigError } from "../model/core/errors";
import { checkStack } from "../model/pipeline";
import { summaryLine, warningLine } from "../model/verify/preflight";
import { parseStackText } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";
import { driftJson, driftText } from "../model/present/drift";
import { drainedNodes } from "../model/present/render";
import { rolloutText } from "../model/present/rollout";
import { runAll } from "./all";
import { liveDrift, liveRefusals } from "../io/live";
import { baselineFailure, loadBaseline, type Baseline } from "./baseline";
import { diffOutputs, zoneProgress } from "./diff-outputs";
import {
  argumentProblems,
  CliError,
  failureLine,
  progress,
  shown,
  readStackFileInput,
  sshKeyProblem,
  stderr,
  stdout,
} from "../io/input";
import { parseFlags, stackFlag } from "../io/flags";
import { planFiles } from "./plan-files";
import { refusal, writePlanDir } from "../io/plan-dir";
import { withSshKey } from "./stack-key";

const USAGE = [
  "usage: npm run plan -- --stack <name> [--config Pulumi.<name>.yaml] [--out plan/<name>] [--strict]",
  "                       [--against <stack file | plan.json | plan dir | git:<rev>>] [--format text|json]",
  "       npm run plan -- --stack <name> --live [--ssh-key FILE] [--insecure-host-keys] [--format text|json]",
  "       npm run plan -- --all [--against git:<rev>] [--format text|json] [--strict]",
  "exit: 0 planned (with --against/--live: and nothing differs), 2 changed or drifted (--against/--live), 1 error",
].join("\n");

async function main(argv: string[]): Promise<number> {
  const args = parseFlags(
    argv,
    {
      stack: { type: "string" },
      config: { type: "string" },
      out: { type: "string" },
      against: { type: "string" },
      all: { type: "boolean" },
      format: { type: "string" },
      strict: { type: "boolean" },
      live: { type: "boolean" },
      "ssh-key": { type: "string" },
      "insecure-host-keys": { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (typeof args === "number") return args;
  const json = args.format === "json";
  if (args.all) {
    const single = (["stack", "config", "out"] as const).filter((k) => args[k] !== undefined);
    return runAll({ against: args.against, json, single, strict: args.strict === true });
  }
  const stack = stackFlag(args.stack, USAGE);
  if (stack === undefined) return 1;
  const configFile = resolve(args.config ?? `Pulumi.${stack}.yaml`);
  const out = resolve(args.out ?? join("plan", stack));
  let configText: string;
  try {
    configText = readStackFileInput(configFile);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    stderr(`${e.message}\n`);
    return 1;
  }
  // Before planning: a directory we would refuse to write is reported first, and nothing is touched.
  const refusedEarly = refusal(out);
  if (refusedEarly) {
    stderr(`${refusedEarly}\n`);
    return 1;
  }
  let baseline: Baseline | undefined;
  try {
    if (args.against !== undefined)
      baseline = loadBaseline(args.against, resolve(`Pulumi.${stack}.yaml`));
  } catch (e) {
    for (const line of baselineFailure(args.against!, e)) stderr(`${line}\n`);
    return 1;
  }
  let files;
  let plan;
  let checked;
  try {
    // Preflight runs on the plan before anything is written; --strict (or `strict: true`) refuses warnings too.
    checked = checkStack(parseStackText(configText, configFile), {
      requireSecrets: false,
      strict: args.strict === true,
      charts: projectCharts(),
    });
    plan = checked.plan;
    files = await planFiles(plan);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    stderr(
      `${configFile}: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}, nothing written:\n`,
    );
    for (const p of e.problems) stderr(`  ${p}\n`);
    for (const w of e.warnings) stderr(`warning: ${w}\n`);
    return 1;
  }
  if (args.live) {
    // Read-only: the switches are compared with the plan; nothing is written here or on a switch.
    // Without --ssh-key: the stack's own secret, read through the Pulumi CLI into a temporary 0600 file.
    const keyFile = args["ssh-key"];
    const keyProblem = sshKeyProblem(keyFile);
    if (keyProblem) {
      stderr(`${keyProblem}\n`);
      return 1;
    }
    const refusals = liveRefusals(plan, { insecureHostKeys: args["insecure-host-keys"] === true });
    if (refusals.length > 0) {
      stderr(`${refusals.join("\n")}\n`);
      return 1;
    }
    let reports;
    try {
      reports = await withSshKey(keyFile && resolve(keyFile), stack, dirname(configFile), (key) =>
        liveDrift(plan, { keyFile: key, insecureHostKeys: args["insecure-host-keys"] === true }),
      );
    } catch (e) {
      // An unreachable switch, a host key that does not match, a refused key, no secret: one line, exit 1.
      stderr(`${(e as Error).message}\n`);
      return 1;
    }
    stdout(json ? driftJson(reports) : driftText(reports));
    return reports.some((r) => r.items.length > 0) ? 2 : 0;
  }
  // The preflight report first: errors stopped us above; now the summary, then warnings with their fixes.
  stderr(`${summaryLine(checked.report, checked.report.checked, checked.strict)}\n`);
  for (const w of plan.warnings) stderr(`warning: ${warningLine(w)}\n`);

  // --against: DIFF.md, diff.json and diff.svg join the plan files, written in the same swap.
  const diff = baseline && (await diffOutputs(baseline, plan, shown(configFile)));
  if (diff) {
    files.push(...diff.files);
    for (const line of zoneProgress(stack, diff)) progress(line);
  }
  writePlanDir(out, files);
  if (json) {
    stdout(diff ? diff.json : planJson(stack, shown(out), plan, files.length));
    return diff?.diff.changed ? 2 : 0;
  }

  const commands = plan.switches.reduce((n, s) => n + s.commands.length, 0);
  const drained = drainedNodes(plan);
  stdout(
    [
      `plan ${plan.datacenter} (stack ${stack}) -> ${shown(out)}`,
      `  zones            ${plan.zones.map((z) => `${z.name} AS${z.asn}`).join(", ")}`,
      `  BGP sessions     ${plan.sessions.length}`,
      `  Kubernetes       ${plan.kubernetes.length} objects, ${plan.helmReleases.length} Helm releases`,
      `  core switches    ${plan.switches.length} switches, ${commands} commands`,
      ...(drained.length > 0
        ? [`  drained          ${drained.join(", ")}: LoadBalancer /32s withdrawn`]
        : []),
      `  rollout          ${rolloutText(plan.rollout)}`,
      `  files            ${files.length} (see SUMMARY.md${diff ? " and DIFF.md" : ""})`,
      "",
    ].join("\n"),
  );
  if (!diff) return 0;
  stdout(`\n${diff.text}`);
  // terraform plan -detailed-exitcode: 2 tells CI that applying this would change something.
  return diff.diff.changed ? 2 : 0;
}

/** `--format json` without --against: the summary above, for machines. */
function planJson(stack: string, out: string, plan: NetworkPlan, files: number): string {
  const summary = {
    stack,
    datacenter: plan.datacenter,
    out,
    zones: plan.zones.map((z) => ({ name: z.name, asn: z.asn })),
    sessions: plan.sessions.length,
    kubernetesObjects: plan.kubernetes.length,
    helmReleases: plan.helmReleases.length,
    switches: plan.switches.length,
    switchCommands: plan.switches.reduce((n, s) => n + s.commands.length, 0),
    files,
    ...(drainedNodes(plan).length > 0 ? { drained: drainedNodes(plan) } : {}),
    warnings: plan.warnings,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

// Every failure is one line and exit 1: a CliError as it is, anything else by its message, never a stack trace.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    stderr(`${failureLine("npm run plan", e)}\n`);
    process.exitCode = 1;
  },
);
