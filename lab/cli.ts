// `npm run lab -- --stack lab` builds the lab datacenter and prints its sessions and routes; `npm run lab -- down`
// removes every namespace and process it made; `npm run lab -- live` and `npm run lab -- status` run the drift check
// and the live view against the running lab. `--md5`
// signs every switch session with TCP-MD5, a fresh random password per switch (docs/password-rotation.md).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { actionProblem, parseCommand, stackFlag } from "../io/flags";
import { missingStackFile } from "../io/input";
import { liveDrift, type LiveOptions } from "../io/live";
import { runStatus } from "../io/status-run";
import type { NetworkPlan } from "../model/core/types";
import { driftJson, driftText } from "../model/present/drift";
import { Lab } from "./lab";
import { sshClient } from "./remote-command";
import { switchDir } from "./switch-frr";
import { topology } from "./topology";
import { perSwitchPasswords } from "./passwords";
import { planFromStack } from "./plan-source";
import { DEFAULT_RUN_DIR } from "./state";

const USAGE = [
  "usage: npm run lab -- --stack <name> [--config Pulumi.<name>.yaml] [--run-dir DIR] [--md5]",
  "       npm run lab -- down [--run-dir DIR]",
  "       npm run lab -- live [--format text|json] [--run-dir DIR]",
  "       npm run lab -- status [--format text|json] [--out DIR] [--run-dir DIR]",
  "  builds the lab datacenter (root; network namespaces), removes it, or reads it as --live and status do",
].join("\n");
const ACTIONS = ["down", "live", "status"];

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommand(
    argv,
    {
      stack: { type: "string" },
      config: { type: "string" },
      "run-dir": { type: "string" },
      md5: { type: "boolean" },
      format: { type: "string" },
      out: { type: "string" },
    },
    USAGE,
    true,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const runDir = resolve(values["run-dir"] ?? DEFAULT_RUN_DIR);
  const action = actionProblem(positionals, ACTIONS, USAGE, "--stack <name> to build");
  if (action !== undefined) {
    process.stderr.write(`${action}\n`);
    return 1;
  }
  if (positionals[0] === "down") {
    await Lab.down(runDir, log);
    return 0;
  }
  if (positionals[0] === "live" || positionals[0] === "status") {
    const running = runningLab(runDir);
    if (typeof running === "string") {
      process.stderr.write(`${running}\n`);
      return 1;
    }
    const json = values.format === "json";
    try {
      if (positionals[0] === "live") {
        const reports = await liveDrift(running.plan, running.options);
        process.stdout.write(json ? driftJson(reports) : driftText(reports));
        return reports.some((r) => r.items.length > 0) ? 2 : 0;
      }
      // The picture goes beside the lab's state unless --out says otherwise.
      const out = resolve(values.out ?? join(runDir, "status"));
      return await runStatus(running.plan, running.options, out, json);
    } catch (e) {
      // An unreachable switch, a host key that does not match, a refused key: one line, exit 1.
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
  }
  const stack = stackFlag(values.stack, USAGE);
  if (stack === undefined) return 1;
  const stackFile = resolve(values.config ?? `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) {
    process.stderr.write(`${missingStackFile(stackFile)}\n`);
    return 1;
  }
  const passwords = values.md5 ? perSwitchPasswords(planFromStack(stackFile)) : undefined;
  let lab: Lab;
  try {
    lab = await Lab.up({ stackFile, runDir, log, ...(passwords ? { passwords } : {}) });
  } catch (e) {
    // Only a build that started can leave namespaces and processes behind.
    throw new Error(
      `${(e as Error).message}\n(the lab may be half-built: npm run lab -- down removes what was made)`,
    );
  }
  log("");
  log(await lab.report());
  log("");
  log(
    `lab running (state in ${runDir}); remove it with: npm run lab -- down (the next lab run on this machine, e.g. npm run test:lab or an e2e from any checkout, removes it first: one lab per machine)`,
  );
  return 0;
}

/**
 * `plan --live` and `npm run status` against the running lab: from the client namespace, with the lab's operator
 * key; the host keys are pinned from the keys the lab generated for each switch's sshd.
 */
function runningLab(runDir: string): { plan: NetworkPlan; options: LiveOptions } | string {
  const planFile = join(runDir, "plan.json");
  if (!existsSync(planFile))
    return `${runDir}: no running lab (no plan.json); start one with npm run lab -- --stack lab`;
  const plan = JSON.parse(readFileSync(planFile, "utf8")) as NetworkPlan;
  const topo = topology(plan);
  if (!existsSync(join("/run/netns", topo.clientNs)))
    return `no running lab (no namespace ${topo.clientNs}); start one with npm run lab -- --stack lab`;
  const hostKeys = Object.fromEntries(
    topo.switches.map((sw) => [
      `${sw.zone}/${sw.name}`,
      readFileSync(join(switchDir(runDir, sw), "ssh_host_ed25519_key.pub"), "utf8"),
    ]),
  );
  return {
    plan,
    options: {
      keyFile: sshClient(runDir, topo.clientNs).keyFile,
      hostKeys,
      wrap: ["ip", "netns", "exec", topo.clientNs],
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  },
);
