// Runs a CLI of this project in a fresh process, from any working directory (ts-node finds the project's tsconfig).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";

export function runCli(
  script: "plan" | "zone" | "status",
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
) {
  return spawnSync(
    process.execPath,
    [
      "-r",
      join(ROOT, "node_modules", "ts-node", "register", "transpile-only"),
      join(ROOT, "cli", `${script}.ts`),
      ...args,
    ],
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json"), ...env },
    },
  );
}
