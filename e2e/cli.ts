// `npm run e2e -- --stack lab [--config FILE] [--report FILE] [--run-dir DIR] [--keep] [--node-side S]`: the real `pulumi up` of a
// stack against the lab datacenter (see e2e/run.ts). Exit 0 when every check passed; the last line printed is the
// report's one-line form.
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { choiceProblem, parseFlags, stackFlag } from "../io/flags";
import { missingStackFile } from "../io/input";
import { reportLine, runE2e, type NodeSideName } from "./run";

const NODE_SIDES: NodeSideName[] = ["calico-confd", "emulation"];
/** Calico's own confd; the emulation stays for Calico versions confd does not come in here (docs/e2e.md). */
const DEFAULT_NODE_SIDE: NodeSideName = "calico-confd";
const USAGE = `usage: npm run e2e -- --stack <name> [--config Pulumi.<name>.yaml] [--report FILE] [--run-dir DIR] [--keep] [--node-side ${NODE_SIDES.join("|")}]`;

async function main(argv: string[]): Promise<number> {
  const values = parseFlags(
    argv,
    {
      stack: { type: "string" },
      config: { type: "string" },
      report: { type: "string" },
      "run-dir": { type: "string" },
      keep: { type: "boolean" },
      "node-side": { type: "string" },
    },
    USAGE,
  );
  if (typeof values === "number") return values;
  const stack = stackFlag(values.stack, USAGE);
  if (stack === undefined) return 1;
  const nodeSide = (values["node-side"] ?? DEFAULT_NODE_SIDE) as NodeSideName;
  const sideProblem = choiceProblem("node-side", nodeSide, NODE_SIDES, USAGE);
  if (sideProblem !== undefined) {
    process.stderr.write(`${sideProblem}\n`);
    return 1;
  }
  const stackFile = resolve(values.config ?? `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) {
    process.stderr.write(`e2e: ${missingStackFile(stackFile)}\n`);
    return 1;
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write("e2e: needs root (network namespaces); run it as root or in CI\n");
    return 1;
  }
  const report = await runE2e({
    stackFile,
    stackName: stack,
    runDir: resolve(values["run-dir"] ?? "/tmp/bgp-fabric-e2e"),
    keep: values.keep === true,
    nodeSide,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  if (values.report) writeFileSync(resolve(values.report), `${JSON.stringify(report, null, 2)}\n`);
  // The plain tally CI reads, then the report's one-line form, last.
  process.stdout.write(`e2e: ${report.checks.passed} passed, ${report.checks.failed} failed\n`);
  process.stdout.write(`${reportLine(report)}\n`);
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`e2e: ${e.message}\n`);
    process.exitCode = 1;
  },
);
