// The engine's section of bench/RESULTS.md: the table, the two targets of issue 21 and the markers.
import { strict as assert } from "node:assert";
import {
  ENGINE_BEGIN,
  ENGINE_END,
  engineMarkdown,
  engineTable,
  engineTargets,
  resourcesOf,
  type EngineMachine,
  type EngineRun,
} from "../../bench/engine-report";
import { BEGIN, END } from "../../bench/report";

const run = (r: Partial<EngineRun> & Pick<EngineRun, "case" | "zones" | "op">): EngineRun => ({
  what: "(empty stack)",
  changes: {},
  wallMs: 0,
  cpuMs: 0,
  peakRssKiB: 0,
  cpuByProgram: [],
  ...r,
});

const prod = run({
  case: "prod",
  zones: 3,
  op: "preview",
  changes: { create: 86 },
  wallMs: 8870,
  cpuMs: 5380,
  peakRssKiB: 489_268,
  cpuByProgram: [
    ["node", 4040],
    ["pulumi", 760],
    ["pulumi-resource-kubernetes", 200],
    ["pulumi-resource-command", 40],
  ],
});
const big = run({
  case: "z032",
  zones: 32,
  op: "preview",
  changes: { create: 860 },
  wallMs: 17_740,
  cpuMs: 16_140,
});
const add3 = run({
  case: "z003",
  zones: 3,
  op: "up",
  what: "adding zone z003",
  adds: "z003",
  changes: { create: 20, same: 40 },
  wallMs: 10_000,
  cpuMs: 6000,
});
const add32 = run({
  case: "z032",
  zones: 32,
  op: "up",
  what: "adding zone z032",
  adds: "z032",
  changes: { create: 20, same: 620 },
  wallMs: 12_000,
  cpuMs: 9000,
});
const base32 = run({
  changes: { create: 472, same: 311 },
  case: "z032",
  zones: 32,
  op: "up",
  what: "(31 zones)",
  wallMs: 60_000,
});

const machine: EngineMachine = {
  date: "2026-12-06T23:00Z",
  commit: "abc1234",
  dirty: false,
  cpus: 2,
  cpuModel: "AMD EPYC",
  memoryGiB: 23.5,
  node: "v20.20.2",
  kernel: "6.18",
  pulumi: "v3.248.0",
  loadBefore: 1.5,
  loadAfter: 3.2,
  benchSeconds: 312.4,
};

describe("bench: the engine's RESULTS.md section", () => {
  it("counts every step of the change summary as a resource", () => {
    assert.equal(resourcesOf(add32), 640);
    assert.equal(resourcesOf(run({ case: "x", zones: 1, op: "up" })), 0);
  });

  it("renders one row per run: resources, changes, seconds, MiB, ms per resource, the top three programs", () => {
    assert.deepEqual(
      engineTable([prod, run({ case: "e", zones: 1, op: "up", what: "(nothing)", inState: 12 })]),
      [
        "| case | zones | operation | resources | changes | in state | wall s | CPU s | peak MiB | wall ms/resource | CPU ms/resource | CPU s by program (top 3) |",
        "|---|--:|---|--:|---|--:|--:|--:|--:|--:|--:|---|",
        "| prod | 3 | preview (empty stack) | 86 | create 86 | - | 8.87 | 5.38 | 478 | 103.1 | 62.6 | node 4.04, pulumi 0.76, pulumi-resource-kubernetes 0.20 |",
        "| e | 1 | up (nothing) | 0 |  | 12 | 0.00 | 0.00 | 0 | - | - |  |",
      ],
    );
  });

  it("judges both targets: preview ratio against 1.5, adding a zone at 32 against 3 within 1.25", () => {
    assert.deepEqual(engineTargets([prod, big, add3, base32, add32]), [
      "- **missed**: preview(32 zones) ≤ 1.5 × preview(prod), wall time: 17.7 s against 8.87 s (2.00 ×; CPU 3.00 ×) for 10.0 × the resources.",
      "- **met**: `up` adding one zone as fast at 32 zones as at 3 (within 1.25 ×), wall time: 12.0 s against 10.0 s (1.20 ×; CPU 1.50 ×), creating 20 and 20 resources beside 620 and 40 unchanged.",
    ]);
  });

  it("compares the compiled program's previews with ts-node's when both ran", () => {
    const js = (r: EngineRun, wallMs: number, cpuMs: number) => ({
      ...r,
      compiled: true,
      wallMs,
      cpuMs,
    });
    assert.deepEqual(
      engineTargets([prod, js(prod, 4000, 2730), big, js(big, 9000, 8070)])[1],
      "- the same previews with the program compiled (no ts-node): 9.00 s against 4.00 s (2.25 ×), CPU 8.07 s against 2.73 s; ts-node's share of the CPU: 50% at 32 zones, 49% for prod.",
    );
    // Compiled runs first: the targets still judge the ts-node ones.
    assert.equal(
      engineTargets([js(prod, 1, 1), prod, js(big, 1, 1), big])[0],
      engineTargets([prod, big])[0],
    );
  });

  it("says which target it could not judge", () => {
    assert.deepEqual(engineTargets([prod]), [
      "- not judged: preview(32 zones) against preview(prod) needs both runs.",
      "- not judged: `up` adding one zone needs the runs at 3 and at 32 zones.",
    ]);
  });

  it("goes after the planner's section the first time and replaces only its own part after that", () => {
    const planner = `# Benchmark results\n\n${BEGIN}\nplanner table\n${END}\n\n## Fixes\nkept\n`;
    const first = engineMarkdown(planner, machine, [prod]);
    assert.ok(
      first.startsWith(
        `# Benchmark results\n\n${BEGIN}\nplanner table\n${END}\n\n${ENGINE_BEGIN}\n## The real engine: 2026-12-06T23:00Z\n`,
      ),
    );
    assert.ok(first.endsWith(`${ENGINE_END}\n\n## Fixes\nkept\n`));
    assert.ok(
      first.includes(
        "Machine: 2 CPUs (AMD EPYC), 23.5 GiB memory, Node v20.20.2, Linux 6.18. Load average 1.5 before and 3.2 after the run: other work shared the CPUs, so compare CPU times rather than wall times.",
      ),
    );
    const second = engineMarkdown(first, { ...machine, date: "2026-12-07T00:00Z" }, [prod, big]);
    assert.equal(second.split(ENGINE_BEGIN).length, 2);
    assert.ok(second.includes("## The real engine: 2026-12-07T00:00Z"));
    assert.ok(!second.includes("2026-12-06T23:00Z"));
    assert.ok(second.endsWith(`${ENGINE_END}\n\n## Fixes\nkept\n`));
    assert.equal(
      second.slice(0, second.indexOf(ENGINE_BEGIN)),
      first.slice(0, first.indexOf(ENGINE_BEGIN)),
    );
  });
});
