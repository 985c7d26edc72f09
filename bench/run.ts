// `npm run bench [-- --full] [--reps N] [--only REGEX] [--keep]`: plan, --against and the program under mocks for
// every case, round after round so a busy machine slows all cases alike; medians into bench/RESULTS.md and charts.
// Writes only bench/RESULTS.md, bench/results.json, bench/*.svg and a temporary directory it removes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { parseFlags } from "../io/flags";
import type { NetworkPlan } from "../model/core/types";
import { FULL, QUICK, type BenchCase } from "./cases";
import { runEngine } from "./engine";
import { stackText } from "./datacenter";
import { measure, median, type Measured } from "./measure";
import { machineFacts } from "./machine";
import { resultsMarkdown, type CaseResult, type Machine } from "./report";
import { sessionCounts } from "./sessions";

const ROOT = join(__dirname, "..");
const TS = ["-r", "ts-node/register/transpile-only"];

const USAGE = [
  "usage: npm run bench [-- --full] [--reps N] [--only REGEX] [--keep] [--engine [--profile]]",
  "  plan, --against and the program under mocks for every case, N rounds (3); medians into bench/RESULTS.md;",
  "  --full adds the large synthetic cases; --only REGEX prints the matching cases as JSON and writes nothing;",
  "  --keep keeps the temporary directory;",
  "  --engine: the real Pulumi CLI against the e2e's control plane (root, under flock /tmp/bgp-fabric-lab.lock),",
  "  preview of prod, 3 and 32 zones and `up` adding a zone, into RESULTS.md's engine section; --profile writes profiles",
].join("\n");

function main(argv: string[]): Promise<number> | number {
  const args = parseFlags(
    argv,
    {
      full: { type: "boolean" },
      reps: { type: "string" },
      only: { type: "string" },
      keep: { type: "boolean" },
      engine: { type: "boolean" },
      profile: { type: "boolean" },
    },
    USAGE,
  );
  if (typeof args === "number") return args;
  // The real engine (bench/engine.ts): its own cases and section of RESULTS.md.
  if (args.engine) {
    let pattern: RegExp | undefined;
    try {
      pattern = args.only === undefined ? undefined : new RegExp(args.only);
    } catch (e) {
      process.stderr.write(`--only: ${(e as Error).message}\n`);
      return 1;
    }
    return runEngine({
      keep: args.keep === true,
      profile: args.profile === true,
      ...(pattern === undefined ? {} : { only: pattern }),
    });
  }
  const reps = Number(args.reps ?? 3);
  if (!Number.isInteger(reps) || reps < 1 || reps > 20) {
    process.stderr.write(`--reps: must be a whole number from 1 to 20 (got ${args.reps})\n`);
    return 1;
  }
  let only: RegExp | undefined;
  try {
    only = args.only === undefined ? undefined : new RegExp(args.only);
  } catch (e) {
    // A bad pattern is bad input: one line, no stack trace.
    process.stderr.write(`--only: ${(e as Error).message}\n`);
    return 1;
  }
  const cases = (args.full ? FULL : QUICK).filter((c) => !only || only.test(c.name));
  const tmp = mkdtempSync(join(tmpdir(), "bgp-fabric-bench-"));
  // Interrupted: the temporary directory goes too (the running child gets the terminal's signal itself).
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  return run(cases, reps, args.full === true, tmp, only !== undefined).finally(() => {
    if (args.keep) process.stderr.write(`bench: kept ${tmp}\n`);
    else rmSync(tmp, { recursive: true, force: true });
  });
}

interface Files {
  stack: string;
  baseline: string;
  stackName: string;
}

/** The case's stack file, and its baseline for --against: the same datacenter without its last zone. */
function writeStacks(c: BenchCase, dir: string): Files {
  mkdirSync(dir, { recursive: true });
  if (c.shape) {
    const stack = join(dir, "Pulumi.bench.yaml");
    const baseline = join(dir, "Pulumi.bench.baseline.yaml");
    writeFileSync(stack, stackText(c.shape));
    writeFileSync(baseline, stackText(c.shape, 1));
    return { stack, baseline, stackName: "bench" };
  }
  const stack = join(ROOT, c.stackFile!);
  const doc = parse(readFileSync(stack, "utf8")) as { config: Record<string, unknown> };
  const zones = doc.config["bgp-fabric:zones"] as Record<string, unknown>;
  const last = Object.keys(zones).sort().pop()!;
  delete zones[last];
  const lab = doc.config["bgp-fabric:lab"] as { workers?: Record<string, unknown> } | undefined;
  if (lab?.workers) delete lab.workers[last];
  const baseline = join(dir, "Pulumi.baseline.yaml");
  writeFileSync(baseline, stringify(doc));
  return { stack, baseline, stackName: c.name };
}

interface Runs {
  plan: Measured[];
  against: Measured[];
  mocks: Measured[];
  program: { registrations: number; custom: number; programMs: number }[];
  plan0?: NetworkPlan;
}

function expect(m: Measured, codes: number[], what: string): Measured {
  if (!codes.includes(m.code)) {
    const tail = `${m.stderr}${m.stdout}`.trim().split("\n").slice(-8).join("\n");
    throw new Error(`${what} exited ${m.code} (expected ${codes.join(" or ")}):\n${tail}`);
  }
  return m;
}

async function run(
  cases: BenchCase[],
  reps: number,
  full: boolean,
  tmp: string,
  partial: boolean,
): Promise<number> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const files = new Map(cases.map((c) => [c.name, writeStacks(c, join(tmp, c.name))]));
  const runs = new Map<string, Runs>(
    cases.map((c) => [c.name, { plan: [], against: [], mocks: [], program: [] }]),
  );
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  try {
    for (let rep = 1; rep <= reps; rep++) {
      for (const c of cases) {
        const f = files.get(c.name)!;
        const r = runs.get(c.name)!;
        const dir = join(tmp, c.name);
        const plan = (out: string, extra: string[] = []) => [
          ...TS,
          "cli/plan.ts",
          "--stack",
          f.stackName,
          "--config",
          f.stack,
          "--out",
          join(dir, out),
          ...extra,
        ];
        const p = expect(await measure(plan("plan"), ROOT, dir), [0], `plan ${c.name}`);
        r.plan.push(p);
        if (rep === 1)
          r.plan0 = JSON.parse(readFileSync(join(dir, "plan", "plan.json"), "utf8")) as NetworkPlan;
        // A plan directory is the plan's own: the next round writes a new one, as a user's second run would.
        rmSync(join(dir, "plan"), { recursive: true, force: true });
        // Exit 2: planned, and the zone the baseline lacks shows as a change.
        const a = expect(
          await measure(plan("against", ["--against", f.baseline]), ROOT, dir),
          [2],
          `plan --against ${c.name}`,
        );
        r.against.push(a);
        rmSync(join(dir, "against"), { recursive: true, force: true });
        const m = expect(
          await measure([...TS, "bench/mocks.ts", f.stack, f.stackName], ROOT, dir),
          [0],
          `mocks ${c.name}`,
        );
        r.mocks.push(m);
        r.program.push(JSON.parse(m.stdout.trim().split("\n").pop()!) as Runs["program"][number]);
        process.stderr.write(
          `bench [${rep}/${reps}] ${c.name.padEnd(20)} plan ${s(p.wallMs)}, --against ${s(a.wallMs)}, mocks ${s(m.wallMs)}\n`,
        );
      }
    }
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 1;
  }
  const results: CaseResult[] = cases.map((c) => {
    const r = runs.get(c.name)!;
    const med = (xs: Measured[], k: "wallMs" | "cpuMs" | "maxRssKiB") =>
      median(xs.map((x) => x[k]));
    return {
      name: c.name,
      note: c.note,
      shape: c.shape,
      counts: sessionCounts(r.plan0!),
      plan0: shapeOf(r.plan0!),
      planMs: med(r.plan, "wallMs"),
      planCpuMs: med(r.plan, "cpuMs"),
      planRssKiB: med(r.plan, "maxRssKiB"),
      againstMs: med(r.against, "wallMs"),
      againstCpuMs: med(r.against, "cpuMs"),
      mocksMs: med(r.mocks, "wallMs"),
      mocksCpuMs: med(r.mocks, "cpuMs"),
      programMs: median(r.program.map((x) => x.programMs)),
      registrations: r.program[0].registrations,
      custom: r.program[0].custom,
    };
  });
  const machine: Machine = {
    ...machineFacts(loadBefore, started),
    reps,
    mode: full ? "full" : "quick",
  };
  if (partial) {
    // --only: a look at some cases, never a RESULTS.md that omits the others.
    process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
    return 0;
  }
  const bench = __dirname;
  writeFileSync(join(bench, "results.json"), `${JSON.stringify({ machine, results }, null, 2)}\n`);
  const rows = join(tmp, "chart-rows.json");
  writeFileSync(
    rows,
    JSON.stringify(
      results.map((r) => ({
        name: r.name,
        synthetic: r.shape !== undefined,
        nodes: r.counts.nodes,
        planS: r.planMs / 1000,
        planCpuS: r.planCpuMs / 1000,
        againstS: r.againstMs / 1000,
        mocksS: r.mocksMs / 1000,
        sessions: r.counts.sessions,
        fullMesh: r.counts.fullMesh,
      })),
    ),
  );
  const chart = spawnSync(process.execPath, [join(bench, "chart.mjs"), rows, bench], {
    encoding: "utf8",
  });
  if (chart.status !== 0) {
    process.stderr.write(`bench: charts failed: ${chart.stderr.trim().split("\n")[0]}\n`);
    return 1;
  }
  const file = join(bench, "RESULTS.md");
  writeFileSync(file, resultsMarkdown(readFileSync(file, "utf8"), machine, results));
  process.stderr.write(`bench: ${machine.benchSeconds.toFixed(0)} s; wrote bench/RESULTS.md\n`);
  return 0;
}

/** What a committed stack holds, for the table: zones, ingress nodes and workers per zone (max), pool prefix. */
function shapeOf(plan: NetworkPlan): CaseResult["plan0"] {
  const max = (f: (z: NetworkPlan["zones"][number]) => number) => Math.max(0, ...plan.zones.map(f));
  const pool = Math.min(...plan.loadBalancerPools.map((p) => Number(p.cidr.split("/")[1])));
  return {
    zones: plan.zones.length,
    ingress: max((z) => z.ingressNodes.length),
    workers: max((z) => z.workers.length),
    pool,
  };
}

Promise.resolve(main(process.argv.slice(2))).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message.split("\n")[0]}\n`);
    process.exitCode = 1;
  },
);
