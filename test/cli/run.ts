// Runs a CLI of this project in a fresh process, from any working directory (ts-node finds the project's tsconfig).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";

/** Every `npm run` script with a command line, and the file it runs (package.json's scripts). */
export const SCRIPTS = {
  plan: "cli/plan.ts",
  zone: "cli/zone.ts",
  status: "cli/status.ts",
  chart: "cli/chart.ts",
  "docs:config": "cli/docs-config.ts",
  bench: "bench/run.ts",
  lab: "lab/cli.ts",
  e2e: "e2e/cli.ts",
} as const;

export function runCli(
  script: keyof typeof SCRIPTS,
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
) {
  return spawnSync(
    process.execPath,
    [
      "-r",
      join(ROOT, "node_modules", "ts-node", "register", "transpile-only"),
      join(ROOT, SCRIPTS[script]),
      ...args,
    ],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json"), ...env },
    },
  );
}
