// `npm run chart -- mirror`: an offline-installable copy of a chart, written only into the directory it creates.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectCharts } from "../../model/spec/charts";
import { checkStack } from "../../model/pipeline";
import { VALID } from "../model/invalid-cases";
import { ROOT } from "../helpers/fixtures";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const NGINX = join(ROOT, "..", "shared", "charts", "nginx-ingress-2.6.4");
const METALLB = join(ROOT, "..", "shared", "charts", "metallb-0.16.1");

function chart(...args: string[]) {
  return spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(ROOT, "cli", "chart.ts"), ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
}

/** Every file under a directory, relative, sorted. */
function files(dir: string, sub = ""): string[] {
  return readdirSync(join(dir, sub))
    .sort()
    .flatMap((n) =>
      statSync(join(dir, sub, n)).isDirectory() ? files(dir, join(sub, n)) : [join(sub, n)],
    );
}

/** Every `$ref` in a JSON schema. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.push(x);
      refs(x, out);
    }
  return out;
}

describe("npm run chart -- mirror", function () {
  this.timeout(60_000);
  const tmp = temp("chart");

  it("mirrors nginx-ingress 2.6.4: 64 remote refs replaced, every other file byte-identical", () => {
    const out = join(tmp, "nginx-ingress-2.6.4");
    const r = chart("mirror", NGINX, out);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      `mirrored nginx-ingress 2.6.4 -> ${out}: 33 files, 64 remote $refs replaced by {} (see MIRRORED.md)\n`,
    );
    assert.deepEqual(files(out), [...files(NGINX), "MIRRORED.md"].sort());
    for (const f of files(NGINX)) {
      if (f === "values.schema.json") continue;
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(NGINX, f))), f);
    }
    const before = refs(JSON.parse(readFileSync(join(NGINX, "values.schema.json"), "utf8")));
    const after = refs(JSON.parse(readFileSync(join(out, "values.schema.json"), "utf8")));
    assert.equal(before.filter((x) => x.startsWith("https://")).length, 64);
    assert.deepEqual(
      after,
      before.filter((x) => x.startsWith("#")),
    );
    const md = readFileSync(join(out, "MIRRORED.md"), "utf8");
    assert.equal(
      md.split("\n").filter((l) => /^- `values\.schema\.json#\/.*`: https:\/\//.test(l)).length,
      64,
    );
    assert.ok(md.startsWith("# Mirrored chart nginx-ingress 2.6.4\n"));
    // The mirror passes preflight as the stack's local ingress chart.
    const config = structuredClone(VALID) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    config.ingress.path = relative(ROOT, out);
    const plan = checkStack(config, { requireSecrets: true, charts: projectCharts() }).plan;
    assert.equal(plan.helmReleases[1].path, relative(ROOT, out));
  });

  it("copies MetalLB 0.16.1 unchanged (no remote refs) and lists its dependency archive", () => {
    const out = join(tmp, "metallb");
    const r = chart("mirror", METALLB, out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: \d+ files, 0 remote \$refs replaced by \{\} \(see MIRRORED\.md\)\n$/);
    for (const f of files(METALLB))
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(METALLB, f))), f);
    assert.match(
      readFileSync(join(out, "MIRRORED.md"), "utf8"),
      /## Replaced remote `\$ref`s \(0\)\n\nNone\.\n\n## Chart archives copied unchanged \(their schemas are not rewritten\)\n\n- `charts\/frr-k8s-0\.0\.25\.tgz`\n$/,
    );
  });

  it("refuses a non-empty out dir, an out dir inside the chart, a missing parent and a non-chart, writing nothing", () => {
    const busy = join(tmp, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "keep.txt"), "mine\n");
    const cases: [string[], string][] = [
      [
        ["mirror", NGINX, busy],
        `${busy}: exists and is not an empty directory (got 1 entries); choose a new out dir (nothing is overwritten)\n`,
      ],
      [
        ["mirror", NGINX, join(NGINX, "templates", "x")],
        `${join(NGINX, "templates", "x")}: is inside the chart directory ${NGINX}; choose an out dir outside it\n`,
      ],
      [
        ["mirror", NGINX, join(tmp, "no", "such")],
        `${join(tmp, "no", "such")}: its parent directory does not exist; create ${join(tmp, "no")} first\n`,
      ],
      [
        ["mirror", busy, join(tmp, "x")],
        `${busy}: is not an unpacked chart (got no Chart.yaml with name and version); pass the directory helm pull --untar wrote\n`,
      ],
    ];
    for (const [args, err] of cases) {
      const r = chart(...args);
      assert.deepEqual([r.status, r.stdout, r.stderr], [1, "", err], args.join(" "));
    }
    assert.deepEqual(readdirSync(busy), ["keep.txt"]);
    assert.deepEqual(readdirSync(tmp).sort(), ["busy", "metallb", "nginx-ingress-2.6.4"].sort());
    const usage = chart("copy", NGINX);
    assert.equal(usage.status, 1);
    assert.equal(
      usage.stderr,
      `expected mirror <chart-dir> <out-dir> (got copy ${NGINX}); npm run chart -- --help shows the usage\n`,
    );
  });
});
