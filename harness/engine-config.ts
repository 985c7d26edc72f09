// The config a Pulumi engine hands a Node program: PULUMI_CONFIG (JSON, structured values as JSON text) and
// PULUMI_CONFIG_SECRET_KEYS, built from a stack file with decrypted secrets supplied by the caller (a test, the bench).
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The project: stack file paths are relative to it. */
const ROOT = join(__dirname, "..");

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
