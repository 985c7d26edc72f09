// `npm run status -- --stack prod`: the live view (issue 11). Reads every core switch over SSH (read-only, the
// allow-list in io/live.ts), judges each zone against the plan (model/verify/status.ts), prints one verdict per zone
// and writes the topology with live state marked into --out. Exit 0 every zone OK, 2 a zone DEGRADED, 1 error.
import { dirname, join, resolve } from "node:path";
import { ConfigError } from "../model/core/errors";
import { checkStack } from "../model/pipeline";
import { projectCharts } from "../model/spec/charts";
import { parseStackText } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";
import {
  argumentProblems,
  CliError,
  failureLine,
  readStackFileInput,
  sshKeyProblem,
  stderr,
  stdout,
} from "../io/input";
import { liveRefusals } from "../io/live";
import { runStatus, STATUS_WRITER } from "../io/status-run";
import { parseFlags, stackFlag } from "../io/flags";
import { refusal } from "../io/plan-dir";
import { withSshKey } from "./stack-key";

const USAGE = [
  "usage: npm run status -- --stack <name> [--config Pulumi.<name>.yaml] [--ssh-key FILE] [--insecure-host-keys]",
  "                         [--format text|json] [--out status/<name>]",
  "  without --ssh-key, the key is the stack's secret bgp-fabric:switchSshPrivateKey (read with the pulumi CLI)",
  "exit: 0 every zone OK, 2 a zone DEGRADED, 1 error",
].join("\n");

async function main(argv: string[]): Promise<number> {
  const args = parseFlags(
    argv,
    {
      stack: { type: "string" },
      config: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      "ssh-key": { type: "string" },
      "insecure-host-keys": { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (typeof args === "number") return args;
  const stack = stackFlag(args.stack, USAGE);
  if (stack === undefined) return 1;
  const configFile = resolve(args.config ?? `Pulumi.${stack}.yaml`);
  const out = resolve(args.out ?? join("status", stack));
  const keyFile = args["ssh-key"];
  const keyProblem = sshKeyProblem(keyFile);
  if (keyProblem) {
    stderr(`${keyProblem}\n`);
    return 1;
  }
  let configText: string;
  try {
    configText = readStackFileInput(configFile);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    stderr(`${e.message}\n`);
    return 1;
  }
  const refused = refusal(out, STATUS_WRITER);
  if (refused) {
    stderr(`${refused}\n`);
    return 1;
  }
  let plan: NetworkPlan;
  try {
    plan = checkStack(parseStackText(configText, configFile), {
      requireSecrets: false,
      strict: false,
      charts: projectCharts(),
    }).plan;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    stderr(`${configFile}: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}:\n`);
    for (const p of e.problems) stderr(`  ${p}\n`);
    return 1;
  }
  const refusals = liveRefusals(plan, { insecureHostKeys: args["insecure-host-keys"] === true });
  if (refusals.length > 0) {
    stderr(`${refusals.join("\n")}\n`);
    return 1;
  }
  try {
    return await withSshKey(keyFile && resolve(keyFile), stack, dirname(configFile), (key) =>
      runStatus(
        plan,
        { keyFile: key, insecureHostKeys: args["insecure-host-keys"] === true },
        out,
        args.format === "json",
      ),
    );
  } catch (e) {
    // An unreachable switch, a host key that does not match, a refused key, no secret: one line, exit 1.
    stderr(`${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      stderr(`${failureLine("npm run status", e)}\n`);
      process.exitCode = 1;
    },
  );
