// The program in a fresh process under the engine's config protocol (harness/engine-config.ts's engineEnv), as
// `pulumi up` starts it: what it registered, or its one-line failure.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./fixtures";

export interface ProgramRun {
  ok: boolean;
  error?: string;
  resources?: { key: string; parent?: string; inputs: Record<string, unknown> }[];
  stdout: string;
  stderr: string;
}

export function runProgram(env: Record<string, string>): ProgramRun {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(ROOT, "test", "helpers", "run-program.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  const parsed = JSON.parse(r.stdout.slice(r.stdout.indexOf('{"ok"'))) as Omit<
    ProgramRun,
    "stdout" | "stderr"
  >;
  return { ...parsed, stdout: r.stdout, stderr: r.stderr };
}
