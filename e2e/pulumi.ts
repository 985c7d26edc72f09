// Runs one Pulumi operation (pulumi-step.ts) in its own process inside the lab's client namespace, with the built
// toolchain first on PATH (the CLI finds its providers there as ambient plugins) and nothing downloadable.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Op, StepRequest, StepResult } from "./pulumi-step";
import type { Tools } from "./tools";

export interface PulumiEnv {
  ns: string;
  tools: Tools;
  workDir: string;
  stateDir: string;
  home: string;
  kubeconfig: string;
  passphrase: string;
  stack: string;
  project: string;
  /** Every line of the CLI's output goes here (and to the step's log file). */
  log: (line: string) => void;
  /** A command the step runs under inside the namespace (the bench's `/usr/bin/time`), and its PID once spawned. */
  wrap?: { prefix: string[]; onSpawn: (pid: number) => void };
  /** The step's own Node.js arguments; default: pulumi-step.ts through ts-node (the bench also runs it compiled). */
  script?: string[];
}

let seq = 0;

export async function pulumiStep(
  e: PulumiEnv,
  op: Op,
  extra: Partial<StepRequest> = {},
): Promise<StepResult & { output: string }> {
  const id = `${String(++seq).padStart(2, "0")}-${op}${extra.expectNoChanges ? "-expect-no-changes" : ""}`;
  const reqFile = join(e.workDir, `${id}.request.json`);
  const req: StepRequest = {
    op,
    workDir: e.workDir,
    stack: e.stack,
    project: e.project,
    // PulumiCommand runs <root>/bin/pulumi.
    pulumiRoot: resolve(e.tools.bin("pulumi"), "..", ".."),
    result: join(e.workDir, `${id}.result.json`),
    ...extra,
  };
  // Secrets travel in the child's environment, never in a file.
  const secrets = req.secrets;
  delete req.secrets;
  writeFileSync(reqFile, JSON.stringify(req), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: [...e.tools.dirs, process.env.PATH ?? "/usr/bin:/bin"].join(":"),
    HOME: e.home,
    PULUMI_HOME: e.home,
    PULUMI_BACKEND_URL: `file://${e.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: e.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    KUBECONFIG: e.kubeconfig,
    NO_COLOR: "1",
    ...(secrets ? { E2E_SECRETS: JSON.stringify(secrets) } : {}),
  };
  const child = spawn(
    "ip",
    [
      "netns",
      "exec",
      e.ns,
      ...(e.wrap?.prefix ?? []),
      process.execPath,
      ...(e.script ?? ["-r", "ts-node/register/transpile-only", "e2e/pulumi-step.ts"]),
      reqFile,
    ],
    { cwd: resolve(__dirname, ".."), env, stdio: ["ignore", "pipe", "pipe"] },
  );
  if (child.pid !== undefined) e.wrap?.onSpawn(child.pid);
  let output = "";
  let partial = "";
  const onData = (d: Buffer) => {
    const text = partial + d.toString();
    const lines = text.split("\n");
    partial = lines.pop() ?? "";
    for (const l of lines) e.log(l);
    output += d.toString();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const code = await new Promise<number>((res) => child.on("close", (c) => res(c ?? -1)));
  if (partial) e.log(partial);
  writeFileSync(join(e.workDir, `${id}.log`), output);
  let result: StepResult;
  try {
    result = JSON.parse(readFileSync(req.result, "utf8")) as StepResult;
  } catch {
    result = {
      op,
      ok: false,
      seconds: 0,
      changes: {},
      error: `pulumi step ${id} exited ${code} without a result`,
    };
  }
  return { ...result, output };
}
