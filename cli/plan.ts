// `npm run plan -- --stack prod`: the offline plan, rendered from the same model the Pulumi program uses.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../model/errors";
import { buildPlan } from "../model/plan";
import { renderPlan } from "../model/render";
import { parseSpec } from "../model/spec";
import { readStackFile } from "../model/stack-file";

const USAGE =
  "usage: npm run plan -- --stack <name> [--config Pulumi.<name>.yaml] [--out plan/<name>]";

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        config: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.stack || !/^[A-Za-z0-9_.-]+$/.test(args.stack)) {
    process.stderr.write(
      `--stack is required and must be a stack name (got ${args.stack ?? "nothing"})\n${USAGE}\n`,
    );
    return 1;
  }
  const configFile = resolve(args.config ?? `Pulumi.${args.stack}.yaml`);
  const out = resolve(args.out ?? join("plan", args.stack));
  if (!existsSync(configFile)) {
    process.stderr.write(`${configFile}: no such stack file; create it or pass --config FILE\n`);
    return 1;
  }
  let files;
  let plan;
  try {
    const { spec, warnings } = parseSpec(readStackFile(configFile), { requireSecrets: false });
    plan = buildPlan(spec, warnings);
    files = renderPlan(plan);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(
      `${configFile}: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}, nothing written:\n`,
    );
    for (const p of e.problems) process.stderr.write(`  ${p}\n`);
    return 1;
  }
  for (const w of plan.warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);

  // Write beside the target and swap in, so a plan directory is never half old, half new.
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, "plan.json"))) {
    process.stderr.write(
      `${out}: exists and is not a plan directory; refusing to replace it (pass another --out)\n`,
    );
    return 1;
  }
  const staging = `${out}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(staging, f.path)), { recursive: true });
    writeFileSync(join(staging, f.path), f.content);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(staging, out);

  const commands = plan.switches.reduce((n, s) => n + s.commands.length, 0);
  process.stdout.write(
    [
      `plan ${plan.datacenter} (stack ${args.stack}) -> ${out}`,
      `  zones            ${plan.zones.map((z) => `${z.name} AS${z.asn}`).join(", ")}`,
      `  BGP sessions     ${plan.sessions.length}`,
      `  Kubernetes       ${plan.kubernetes.length} objects, ${plan.helmReleases.length} Helm releases`,
      `  core switches    ${plan.switches.length} switches, ${commands} commands`,
      `  files            ${files.length} (see SUMMARY.md)`,
      "",
    ].join("\n"),
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
