// One mocks run for the bench: index.ts under Pulumi's mocks (harness/mocks.ts, as the program tests run it), with the
// stack file handed in the way the engine hands config over (harness/engine-config.ts). Prints what it registered and how long the
// program took, as one JSON line on stdout.
// usage: node -r ts-node/register/transpile-only bench/mocks.ts <stack file> <stack name>
import { join, relative } from "node:path";
import { engineEnv } from "../harness/engine-config";

const ROOT = join(__dirname, "..");

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nbench-key\n-----END OPENSSH PRIVATE KEY-----\n";

export interface MocksRun {
  /** Every registration: components and custom resources. */
  registrations: number;
  /** Custom resources: what the engine creates and keeps in state. */
  custom: number;
  /** The program's run under mocks, in-process (start-up excluded). */
  programMs: number;
}

async function main(file: string, stack: string): Promise<MocksRun> {
  // The engine's config variables, set in-process: a large stack exceeds the kernel's limit on one environment string.
  // Before Pulumi's runtime is loaded: it takes its config store from the environment when first used.
  Object.assign(process.env, engineEnv(relative(ROOT, file), { switchSshPrivateKey: KEY }));
  const { record } = await import("../harness/mocks");
  // Loaded before the clock starts: module loading is start-up, which the wall time of the whole run covers.
  await import("../components/cluster");
  const started = performance.now();
  const recs = await record(() => require("../index"), stack);
  return {
    registrations: recs.length,
    custom: recs.filter((r) => r.custom).length,
    programMs: performance.now() - started,
  };
}

main(process.argv[2], process.argv[3]).then(
  (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
  (e: unknown) => {
    process.stderr.write(`bench mocks: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
