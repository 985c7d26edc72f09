// One Pulumi operation on the e2e stack, run in its own process inside the lab's client namespace (so the engine,
// the providers and their SSH sessions live on the lab's network). The program is ../program.ts, run inline by the
// Automation API: the real CLI drives it through `--client` (the Node.js language host module is not served by the
// Go module proxy; the SDK's own inline language server stands in for it).
// Usage: pulumi-step.ts <request.json>; writes the result JSON to request.result.
import { readFileSync, writeFileSync } from "node:fs";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { fabric } from "../program";
import { breakProgram, type ProgramBreak } from "./policy-breaks";

export type Op = "init" | "preview" | "up" | "destroy";

export interface StepRequest {
  op: Op;
  workDir: string;
  stack: string;
  project: string;
  /** Folder holding the `pulumi` binary. */
  pulumiRoot: string;
  expectNoChanges?: boolean;
  /**
   * The program: index.ts's `fabric()` (the default), or this compiled module instead: examples/two-zones built
   * against the packed package (e2e/packed-example.ts, e2e/example-step.ts).
   */
  example?: string;
  /** For `preview`: policy packs to run (`--policy-pack`), and a policy break added to the fabric program. */
  policyPacks?: string[];
  policyBreak?: ProgramBreak;
  /** For `preview`: show the diff (the default); off where a break puts a password into an input. */
  diff?: boolean;
  /**
   * For `init`: secret config values (key -> value, `path` keys like `bgp-fabric:bgpPasswords.az1`). The runner
   * moves them into the child's environment (E2E_SECRETS); they are never written to a file.
   */
  secrets?: Record<string, string>;
  result: string;
  /** For `up`: resources left out, with their dependents (URNs, wildcards allowed: the bench's Kubernetes-only up). */
  exclude?: string[];
}

export interface StepResult {
  op: Op;
  ok: boolean;
  seconds: number;
  changes: Record<string, number>;
  outputs?: Record<string, unknown>;
  error?: string;
}

/** The SDK files loaded in this process: more than one copy of a file is more than one SDK instance. */
const sdkCopies = () =>
  Object.keys(require.cache).filter((k) =>
    /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]state\.js$/.test(k),
  );

/**
 * The compiled example's exports, required as plain JavaScript. Its resources reach the engine only through the
 * SDK instance this process serves the engine with: a second copy (its own runtime state) is refused.
 */
function packedProgram(module: string): Record<string, unknown> {
  const exports = { ...(require(module) as Record<string, unknown>) };
  const copies = sdkCopies();
  if (copies.length !== 1)
    throw new Error(
      `${module}: @pulumi/pulumi loaded ${copies.length} times (${copies.join(", ")})`,
    );
  return exports;
}

async function stackFor(r: StepRequest): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: r.pulumiRoot });
  return LocalWorkspace.createOrSelectStack(
    {
      stackName: r.stack,
      projectName: r.project,
      program: async () => {
        if (r.example !== undefined) return packedProgram(r.example);
        const outputs = fabric();
        if (r.policyBreak !== undefined) breakProgram(r.policyBreak);
        return outputs;
      },
    },
    {
      workDir: r.workDir,
      pulumiCommand,
      projectSettings: {
        name: r.project,
        runtime: "nodejs",
        backend: { url: process.env.PULUMI_BACKEND_URL },
      },
    },
  );
}

async function run(r: StepRequest): Promise<StepResult> {
  const t0 = Date.now();
  const out = (s: string) => process.stdout.write(s);
  const stack = await stackFor(r);
  const done = (
    changes: Record<string, number>,
    outputs?: Record<string, unknown>,
  ): StepResult => ({
    op: r.op,
    ok: true,
    seconds: (Date.now() - t0) / 1000,
    changes,
    ...(outputs ? { outputs } : {}),
  });
  switch (r.op) {
    case "init":
      for (const [key, value] of Object.entries(r.secrets ?? {}))
        await stack.setConfig(key, { value, secret: true }, key.includes("."));
      return done({});
    case "preview": {
      const p = await stack.preview({
        onOutput: out,
        diff: r.diff ?? true,
        expectNoChanges: r.expectNoChanges,
        ...(r.policyPacks ? { policyPacks: r.policyPacks } : {}),
      });
      return done(p.changeSummary as Record<string, number>);
    }
    case "up": {
      const u = await stack.up({
        onOutput: out,
        diff: true,
        ...(r.exclude ? { exclude: r.exclude, excludeDependents: true } : {}),
      });
      const outputs = Object.fromEntries(
        Object.entries(u.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]),
      );
      return done((u.summary.resourceChanges ?? {}) as Record<string, number>, outputs);
    }
    case "destroy": {
      const d = await stack.destroy({ onOutput: out });
      return done((d.summary.resourceChanges ?? {}) as Record<string, number>);
    }
  }
}

const req = JSON.parse(readFileSync(process.argv[2], "utf8")) as StepRequest;
if (process.env.E2E_SECRETS) {
  req.secrets = JSON.parse(process.env.E2E_SECRETS) as Record<string, string>;
  delete process.env.E2E_SECRETS;
}
const t0 = Date.now();
run(req).then(
  (res) => writeFileSync(req.result, JSON.stringify(res, null, 1)),
  (e: Error) => {
    const res: StepResult = {
      op: req.op,
      ok: false,
      seconds: (Date.now() - t0) / 1000,
      changes: {},
      error: e.message,
    };
    writeFileSync(req.result, JSON.stringify(res, null, 1));
    process.exitCode = 1;
  },
);
