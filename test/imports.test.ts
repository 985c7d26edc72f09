// The import rule of ARCHITECTURE.md, read from the sources: the model's stages import only down the pipeline,
// consumers import the model and io/ (and only the consumers the rule names), nothing imports test/, and neither the
// model nor io/ uses the Pulumi SDK.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { ROOT } from "./helpers/fixtures";

const MODEL = [
  "model/core",
  "model/spec",
  "model/plan",
  "model/verify",
  "model/present",
  "model/pipeline",
];
const STAGES = MODEL.slice(0, 5);

/** What each area may import besides itself (an area: a folder, a model stage, or a top-level file). */
const ALLOWED: Record<string, string[]> = {
  "model/core": [],
  "model/spec": STAGES.slice(0, 1),
  "model/plan": STAGES.slice(0, 2),
  "model/verify": STAGES.slice(0, 3),
  "model/present": STAGES.slice(0, 4),
  "model/pipeline": STAGES,
  io: MODEL,
  harness: [],
  components: MODEL,
  cli: [...MODEL, "io"],
  lab: [...MODEL, "io"],
  e2e: [...MODEL, "io", "lab", "cli/chart-mirror.ts", "program.ts", "policy"],
  // bench/engine.ts measures the real engine on the e2e's control plane and Pulumi step.
  bench: [...MODEL, "io", "harness", "components", "index.ts", "lab", "e2e"],
  policy: MODEL,
  examples: ["components"],
  "config.ts": [...MODEL, "components"],
  "program.ts": ["components", "config.ts", "stack-traces.ts"],
  "index.ts": ["program.ts"],
  "stack-traces.ts": [],
};

function areaOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "model") return `model/${parts[1].replace(/\.ts$/, "")}`;
  return parts[0];
}

function sources(dir: string): string[] {
  const full = join(ROOT, dir);
  if (statSync(full).isFile()) return [dir];
  return readdirSync(full).flatMap((name) =>
    name === "node_modules" ? [] : sources(join(dir, name)),
  );
}

/** Every import, require and dynamic import of a file: its specifiers. */
function specifiers(text: string): string[] {
  return [
    ...text.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["']([^"']+)["']/gm,
    ),
  ].map((m) => m[1]);
}

describe("the import rule (ARCHITECTURE.md)", () => {
  const files = Object.keys(ALLOWED)
    .map((a) => (a.startsWith("model/") ? "model" : a))
    .filter((a, i, xs) => xs.indexOf(a) === i)
    .flatMap(sources)
    .filter((f) => f.endsWith(".ts"));

  it("reads the sources of every area", () => {
    const areas = new Set(files.map(areaOf));
    assert.deepEqual([...areas].sort(), Object.keys(ALLOWED).sort());
  });

  it("holds: each area imports only itself and what the rule allows it", () => {
    const broken: string[] = [];
    for (const file of files) {
      const from = areaOf(file);
      for (const spec of specifiers(readFileSync(join(ROOT, file), "utf8"))) {
        if (!spec.startsWith(".")) continue;
        const target = relative(ROOT, normalize(join(ROOT, dirname(file), spec)));
        const to = areaOf(target);
        if (to === from) continue;
        const ok = ALLOWED[from].some(
          (a) => a === to || target === a || `${target}.ts` === a || target.startsWith(`${a}/`),
        );
        if (!ok) broken.push(`${file}: imports ${spec} (${to})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("fails when an area reaches into test/ or a consumer: the check sees such an import", () => {
    // The rule applied to lines the sources must never hold (the check above would list them).
    const target = (file: string, spec: string) =>
      areaOf(relative(ROOT, normalize(join(ROOT, dirname(file), spec))));
    assert.equal(target("bench/mocks.ts", "../test/helpers/mocks"), "test");
    assert.equal(target("lab/cli.ts", "../cli/live"), "cli");
    assert.ok(!ALLOWED.bench.includes("test") && !ALLOWED.lab.includes("cli"));
    assert.deepEqual(
      specifiers('import { a } from "../x";\nconst b = require("./y");\nawait import("../z");'),
      ["../x", "./y", "../z"],
    );
  });

  it("keeps the Pulumi SDK out of the model and io/", () => {
    const users = files.filter(
      (f) =>
        (f.startsWith("model/") || f.startsWith("io/")) &&
        specifiers(readFileSync(join(ROOT, f), "utf8")).some((s) => s.startsWith("@pulumi/")),
    );
    assert.deepEqual(users, []);
  });
});
