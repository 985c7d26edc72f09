// `npm run zone -- add …`: adds a zone to Pulumi.<stack>.yaml in place, validates it with the model (nothing written
// when invalid, every problem listed), and prints the preview diff against the file as it was.
import { renameSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { actionProblem, parseCommand, stackProblem } from "../io/flags";
import { diffPlans, type PlanDiff } from "../model/present/diff";
import { diffText, type DiffLabels } from "../model/present/diff-text";
import { ConfigError } from "../model/core/errors";
import { warningLine } from "../model/verify/preflight";
import type { NetworkPlan } from "../model/core/types";
import { addZone, type NewNode, type NewSwitch, type NewZone } from "../model/spec/zone-edit";
import { zoneProgress } from "./diff-outputs";
import {
  missingStackFile,
  CliError,
  failureLine,
  progress,
  readInput,
  shown,
  stderr,
  stdout,
} from "../io/input";
import { planFromText } from "./load";

const USAGE = `usage: npm run zone -- add --stack <name> --name <zone> --asn <AS> --node-cidr <a.b.c.d/n> --pod-cidr <a.b.c.d/n>
         --switch <name>=<address>[,<ssh host>][,sshPort=<n>][,sshUser=<user>][,sshHostKey=<key>][,dialect=frr]  (repeat)
         --master <node>=<address>  (twice)   --ingress <node>=<address>  (repeat; two or more for ECMP)
         [--pod-block-size <n>] [--cluster-id <a.b.c.d>] [--config <file>] [--dry-run] [--format text|json]
Edits Pulumi.<stack>.yaml (or --config) in place, keeping its comments and order; --dry-run only prints the diff;
--format json prints the zone added and the diff (diff.json's form) as one JSON document.
exit: 0 added (or would add), 1 error (nothing written)`;

const SWITCH_KEYS = ["sshHost", "sshPort", "sshUser", "sshHostKey", "dialect"] as const;

/** `name=address`: the one syntax of --master and --ingress. */
const EXAMPLE: Record<string, string> = {
  switch: "core1=10.4.0.2",
  master: "fra1-az4-m1=10.4.0.11",
  ingress: "fra1-az4-in1=10.4.0.21",
};

function node(flag: string, text: string, problems: string[]): NewNode | undefined {
  const at = text.indexOf("=");
  if (at <= 0 || at === text.length - 1) {
    problems.push(
      `--${flag} ${text}: is not <node>=<address> (got ${JSON.stringify(text)}); e.g. --${flag} ${EXAMPLE[flag]}`,
    );
    return undefined;
  }
  return { name: text.slice(0, at), address: text.slice(at + 1) };
}

/** `core1=10.4.0.2[,core1.example.net][,sshPort=2222]…`: the address, then an optional SSH host and key=value settings. */
function switchOf(text: string, problems: string[]): NewSwitch | undefined {
  const head = node("switch", text.split(",")[0], problems);
  if (!head) return undefined;
  const sw: NewSwitch = { name: head.name, address: head.address, dialect: "frr" };
  text
    .split(",")
    .slice(1)
    .forEach((part, i) => {
      const eq = part.indexOf("=");
      if (eq < 0 && i === 0 && part !== "") sw.sshHost = part;
      else if (eq > 0 && (SWITCH_KEYS as readonly string[]).includes(part.slice(0, eq)))
        (sw as unknown as Record<string, string>)[part.slice(0, eq)] = part.slice(eq + 1);
      else
        problems.push(
          `--switch ${head.name}: ${JSON.stringify(part)} is not a setting (got ${JSON.stringify(text)}); after the address give the SSH host, then ${SWITCH_KEYS.map((k) => `${k}=…`).join(", ")}`,
        );
    });
  return sw;
}

function duplicates(flag: string, xs: { name: string }[], problems: string[]): void {
  const seen = new Set<string>();
  for (const x of xs) {
    if (seen.has(x.name)) problems.push(`--${flag} ${x.name}: is given twice; name each one once`);
    seen.add(x.name);
  }
}

function fail(lines: string[]): number {
  for (const l of lines) stderr(`${l}\n`);
  return 1;
}

function main(argv: string[]): number {
  const parsed = parseCommand(
    argv,
    {
      stack: { type: "string" },
      config: { type: "string" },
      name: { type: "string" },
      asn: { type: "string" },
      "node-cidr": { type: "string" },
      "pod-cidr": { type: "string" },
      "pod-block-size": { type: "string" },
      "cluster-id": { type: "string" },
      switch: { type: "string", multiple: true },
      master: { type: "string", multiple: true },
      ingress: { type: "string", multiple: true },
      "dry-run": { type: "boolean" },
      format: { type: "string" },
    },
    USAGE,
    true,
  );
  if (typeof parsed === "number") return parsed;
  const a = parsed.values;
  const action = actionProblem(parsed.positionals, ["add"], USAGE);
  if (action !== undefined) return fail([action]);

  const problems: string[] = [];
  const stack = stackProblem(a.stack, USAGE);
  if (stack !== undefined) problems.push(stack);
  for (const flag of ["name", "asn", "node-cidr", "pod-cidr"] as const)
    if (a[flag] === undefined) problems.push(`--${flag}: is required (got nothing); see --help`);
  const switches = (a.switch ?? []).map((s) => switchOf(s, problems));
  const masters = (a.master ?? []).map((s) => node("master", s, problems));
  const ingress = (a.ingress ?? []).map((s) => node("ingress", s, problems));
  const ok = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);
  duplicates("switch", ok(switches), problems);
  duplicates("master", ok(masters), problems);
  duplicates("ingress", ok(ingress), problems);
  if (problems.length > 0) return fail([...problems, "nothing written"]);

  const file = resolve(a.config ?? `Pulumi.${a.stack}.yaml`);
  const label = shown(file);
  let text: string;
  try {
    text = readInput(file, label, "pass a Pulumi.<stack>.yaml stack file");
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return fail([e.code === "ENOENT" ? missingStackFile(file) : e.message]);
  }
  const zone: NewZone = {
    name: a.name!,
    asn: a.asn!,
    nodeCidr: a["node-cidr"]!,
    podCidr: a["pod-cidr"]!,
    ...(a["pod-block-size"] === undefined ? {} : { podBlockSize: a["pod-block-size"] }),
    ...(a["cluster-id"] === undefined ? {} : { routeReflectorClusterId: a["cluster-id"] }),
    switches: ok(switches),
    masters: ok(masters),
    ingressNodes: ok(ingress),
  };

  progress(`${a.stack}: planning ${label} as it is`);
  let before: NetworkPlan;
  try {
    before = planFromText(text, label);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return fail([
      `${label}: is invalid before any edit; fix it first:`,
      ...e.problems.map((p) => `  ${p}`),
      ...e.warnings.map((w) => `warning: ${w}`),
    ]);
  }
  let after: NetworkPlan;
  let edited: string;
  try {
    edited = addZone(text, label, zone);
    progress(`${a.stack}: planning ${label} with zone ${zone.name}`);
    after = planFromText(edited, label);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const n = e.problems.length;
    return fail([
      `${label}: adding zone ${zone.name} gives ${n} problem${n === 1 ? "" : "s"}, nothing written:`,
      ...e.problems.map((p) => `  ${p}`),
      ...e.warnings.map((w) => `warning: ${w}`),
    ]);
  }
  const diff = diffPlans(before, after);
  const labels = { before: `${label} (as it was)`, after: `${label} (with ${zone.name})` };
  for (const line of zoneProgress(a.stack!, { diff, labels })) progress(line);
  for (const w of diff.warnings.added) stderr(`warning: ${warningLine(w)}\n`);
  if (!a["dry-run"]) {
    // Same directory, then rename: the stack file is replaced whole or not at all, keeping its mode.
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, edited, { mode: statSync(file).mode });
    renameSync(tmp, file);
  }
  const z = after.zones.find((x) => x.name === zone.name)!;
  const dry = a["dry-run"] === true;
  if (a.format === "json") {
    stdout(`${JSON.stringify(zoneJson(a.stack!, label, z, dry, diff, labels), null, 2)}\n`);
    return 0;
  }
  stdout(
    [
      `${dry ? "would add" : "added"} zone ${z.name} to ${label}: AS${z.asn}, ${z.switches.length} core switches, ${z.reflectors.length} masters, ${z.ingressNodes.length} ingress nodes`,
      "",
      diffText(diff, labels).trimEnd(),
      "",
      dry
        ? "nothing written (--dry-run)"
        : `next: review \`git diff ${label}\`, then \`npm run plan -- --stack ${a.stack} --against git:HEAD\` writes the plan with DIFF.md`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** `--format json`: what was added (or would be, with --dry-run) and the diff in diff.json's form. */
function zoneJson(
  stack: string,
  file: string,
  z: NetworkPlan["zones"][number],
  dryRun: boolean,
  diff: PlanDiff,
  labels: DiffLabels,
) {
  return {
    stack,
    file,
    written: !dryRun,
    zone: {
      name: z.name,
      asn: z.asn,
      switches: z.switches.length,
      masters: z.reflectors.length,
      ingressNodes: z.ingressNodes.length,
    },
    diff: { before: labels.before, after: labels.after, ...diff },
  };
}

// Every failure is one line and exit 1, never a stack trace.
try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.exitCode = fail([failureLine("npm run zone", e)]);
}
