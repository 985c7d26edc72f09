// `npm run plan -- --all`: plans every Pulumi.<stack>.yaml of the project and checks the datacenter registry across
// them. All or nothing: one invalid stack or one collision writes no plan at all.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../model/core/errors";
import { summaryLine, warningLine } from "../model/verify/preflight";
import type { PlanFile } from "../model/present/render";
import { registryProblems } from "../model/verify/registry";
import { table } from "../model/present/text-table";
import type { NetworkPlan } from "../model/core/types";
import { baselineFailure, loadBaseline } from "./baseline";
import { diffOutputs, zoneProgress, type DiffOutputs } from "./diff-outputs";
import { CliError, progress, readInput, shown, stderr, stdout } from "../io/input";
import { checkedFromText } from "./load";
import { planFiles } from "./plan-files";
import { refusal, writePlanDir } from "../io/plan-dir";

export interface AllOptions {
  /** `git:<rev>` only: each stack is compared with its own file at that revision. */
  against?: string;
  json: boolean;
  /** Single-stack options that were given too (an error with --all). */
  single: string[];
  /** `--strict`: preflight warnings stop every stack like errors. */
  strict: boolean;
}

const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/;

interface Planned {
  stack: string;
  file: string;
  plan: NetworkPlan;
  out: string;
  files: PlanFile[];
  diff?: DiffOutputs;
}

const fail = (lines: string[]): number => {
  for (const l of lines) stderr(`${l}\n`);
  return 1;
};

export async function runAll(o: AllOptions): Promise<number> {
  if (o.single.length > 0)
    return fail([
      `--all plans every Pulumi.<stack>.yaml into plan/<stack>/ (got --${o.single.join(", --")}); drop them, or plan one stack without --all`,
    ]);
  if (o.against !== undefined && !o.against.startsWith("git:"))
    return fail([
      `--all --against takes git:<rev> only (got ${o.against}); each stack is compared with its own file at that revision`,
    ]);
  const dir = process.cwd();
  const stacks = readdirSync(dir)
    .filter((f) => STACK_FILE.test(f))
    .sort()
    .map((file) => ({ stack: STACK_FILE.exec(file)![1], file }));
  if (stacks.length === 0)
    return fail([`${dir}: has no Pulumi.<stack>.yaml; run from the project root`]);

  const failures: string[] = [];
  const planned: Planned[] = [];
  for (const [i, s] of stacks.entries()) {
    const step = `[${i + 1}/${stacks.length}] ${s.stack}`;
    progress(`${step}: planning ${s.file}`);
    try {
      const text = readInput(join(dir, s.file), s.file, "make it a regular stack file");
      const checked = checkedFromText(text, s.file, o.strict);
      const plan = checked.plan;
      progress(`${step}: ${summaryLine(checked.report, checked.report.checked, checked.strict)}`);
      for (const w of plan.warnings) progress(`${step}: warning: ${warningLine(w)}`);
      for (const z of plan.zones) {
        const sessions = plan.sessions.filter((x) => x.zone === z.name).length;
        const objects = plan.kubernetes.filter((x) => x.zone === z.name).length;
        const commands = plan.switches
          .filter((x) => x.zone === z.name)
          .reduce((n, x) => n + x.commands.length, 0);
        progress(
          `${step}: ${z.name} AS${z.asn}: ${sessions} sessions, ${objects} Kubernetes objects, ${commands} switch commands`,
        );
      }
      planned.push({ ...s, plan, out: resolve(dir, "plan", s.stack), files: [] });
    } catch (e) {
      if (e instanceof CliError) {
        failures.push(e.message);
        continue;
      }
      if (!(e instanceof ConfigError)) throw e;
      failures.push(
        `${s.file}: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}:`,
        ...e.problems.map((p) => `  ${p}`),
        ...e.warnings.map((w) => `  warning: ${w}`),
      );
    }
  }
  const collisions = registryProblems(planned.map((p) => ({ file: p.file, plan: p.plan })));
  const zones = planned.reduce((n, p) => n + p.plan.zones.length, 0);
  progress(
    `registry: ${planned.length} datacenters, ${zones} zones: ${collisions.length === 0 ? "no collision" : `${collisions.length} collision${collisions.length === 1 ? "" : "s"}`}`,
  );
  if (collisions.length > 0)
    failures.push(
      `datacenter registry: ${collisions.length} collision${collisions.length === 1 ? "" : "s"} between stacks:`,
      ...collisions.map((p) => `  ${p}`),
    );
  if (failures.length > 0) return fail([...failures, "nothing written"]);

  for (const p of planned) {
    if (o.against !== undefined) {
      try {
        p.diff = await diffOutputs(loadBaseline(o.against, join(dir, p.file)), p.plan, p.file);
      } catch (e) {
        return fail([`${p.file}:`, ...baselineFailure(o.against, e), "nothing written"]);
      }
      for (const line of zoneProgress(p.stack, p.diff)) progress(line);
    }
    p.files = [...(await planFiles(p.plan)), ...(p.diff?.files ?? [])];
  }
  const refused = planned.map((p) => refusal(p.out)).filter((r) => r !== undefined);
  if (refused.length > 0) return fail([...refused, "nothing written"]);
  for (const p of planned) {
    writePlanDir(p.out, p.files);
    progress(`${p.stack}: wrote ${shown(p.out)} (${p.files.length} files)`);
  }
  const changed = planned.some((p) => p.diff?.diff.changed);
  stdout(o.json ? allJson(planned, o.against) : allText(planned, o.against));
  return changed ? 2 : 0;
}

function counts(plan: NetworkPlan) {
  return {
    sessions: plan.sessions.length,
    kubernetesObjects: plan.kubernetes.length,
    switchCommands: plan.switches.reduce((n, s) => n + s.commands.length, 0),
  };
}

function allText(planned: Planned[], against: string | undefined): string {
  const zones = planned.reduce((n, p) => n + p.plan.zones.length, 0);
  const head = ["stack", "datacenter", "zones", "sessions", "objects", "commands", "out"];
  const rows = planned.map((p) => {
    const c = counts(p.plan);
    return [
      p.stack,
      p.plan.datacenter,
      p.plan.zones.map((z) => `${z.name} AS${z.asn}`).join(", "),
      String(c.sessions),
      String(c.kubernetesObjects),
      String(c.switchCommands),
      shown(p.out),
      ...(p.diff ? [p.diff.diff.changed ? "changed" : "no change"] : []),
    ];
  });
  const lines = [
    `plan --all: ${planned.length} stacks, ${planned.length} datacenters, ${zones} zones`,
    ...table([[...head, ...(against ? [`against ${against}`] : [])], ...rows], "  "),
    "  registry: no datacenter name, AS number, node subnet, pod CIDR or LoadBalancer pool is used twice",
  ];
  for (const p of planned) if (p.diff) lines.push("", p.diff.text.trimEnd());
  return `${lines.join("\n")}\n`;
}

function allJson(planned: Planned[], against: string | undefined): string {
  const out = {
    stacks: planned.map((p) => ({
      stack: p.stack,
      file: p.file,
      datacenter: p.plan.datacenter,
      out: shown(p.out),
      zones: p.plan.zones.map((z) => ({ name: z.name, asn: z.asn })),
      ...counts(p.plan),
      ...(p.diff ? { diff: JSON.parse(p.diff.json) as unknown } : {}),
    })),
    ...(against ? { against } : {}),
    registry: { collisions: [] as string[] },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
