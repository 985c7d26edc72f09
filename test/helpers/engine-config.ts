// The config a Pulumi engine hands a Node program: PULUMI_CONFIG (JSON, structured values as JSON text) and
// PULUMI_CONFIG_SECRET_KEYS, built from a stack file with decrypted secrets supplied by the test.
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "./fixtures";

export function engineEnv(
  stackFile: string,
  secrets: Record<string, unknown>,
  edit: (config: Record<string, unknown>) => void = () => {},
): Record<string, string> {
  const config = (
    parse(readFileSync(join(ROOT, stackFile), "utf8")) as { config: Record<string, unknown> }
  ).config;
  for (const [k, v] of Object.entries(secrets)) config[`bgp-fabric:${k}`] = v;
  edit(config);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(config))
    env[k] = typeof v === "string" ? v : JSON.stringify(v);
  return {
    PULUMI_CONFIG: JSON.stringify(env),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(Object.keys(secrets).map((k) => `bgp-fabric:${k}`)),
  };
}

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

/**
 * Runs `f` in this process with the config `env` holds (engineEnv's), as the engine sets it for a program, and
 * clears it after.
 */
export async function withEngineConfig<T>(
  env: Record<string, string>,
  f: () => T | Promise<T>,
): Promise<T> {
  pulumi.runtime.setAllConfig(
    JSON.parse(env.PULUMI_CONFIG) as Record<string, string>,
    JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS) as string[],
  );
  try {
    return await f();
  } finally {
    pulumi.runtime.setAllConfig({}, []);
  }
}
