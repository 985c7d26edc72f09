// Fuzz (issue 18): stack files built from every YAML form the differential knows and from random text, and plan.json
// baselines mutated at random, never crash, hang or print a stack trace: they read, or are refused in one line.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { loadBaseline, baselineFailure } from "../cli/baseline";
import { CONTROL } from "../model/core/patterns";
import { ConfigError } from "../model/core/errors";
import { dot, topology } from "../model/present/diagram";
import { diffPlans } from "../model/present/diff";
import { diffMarkdown } from "../model/present/diff-markdown";
import { diffText } from "../model/present/diff-text";
import { parseStackText, readStackFile } from "../model/spec/stack-file";
import type { NetworkPlan } from "../model/core/types";
import { clone, planOf, ROOT } from "./helpers/fixtures";
import { propertySettings } from "./helpers/property";
import { FORMS } from "./helpers/yaml-forms";

const property = propertySettings("YAML forms and baselines", 20261206);
const seed = property.seed;

/** A refusal: one line, no raw control character, no JavaScript internals or stack frames. */
function assertOneLine(line: string): void {
  assert.doesNotMatch(line, /\n/, line);
  assert.doesNotMatch(line, CONTROL, line);
  assert.doesNotMatch(
    line,
    /Cannot read properties|is not a function|is not iterable|undefined \(reading|\n\s+at /,
    line,
  );
}

const KEYS = [
  "datacenter",
  "asn",
  "zones",
  "bgp",
  "strict",
  "ingress",
  "metallb",
  "loadBalancerPools",
  "x",
];

describe("fuzz: YAML forms in stack files", function () {
  this.timeout(property.timeout);

  it("every stack file reads or is refused in one line per problem", () => {
    const scalar = fc.oneof(
      fc.constantFrom(...FORMS),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.integer().map(String),
      fc.double().map(String),
    );
    const key = fc.oneof(
      fc.constantFrom(...KEYS),
      fc.constantFrom(...FORMS),
      fc.string({ maxLength: 8 }),
    );
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
        fc
          .array(fc.tuple(key, tie("v")), { maxLength: 3 })
          .map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
        scalar.map((s) => `&a ${s}`),
        fc.constant("*a"),
      ),
    })).v;
    const file = fc.oneof(
      fc
        .array(fc.tuple(key, value), { maxLength: 6 })
        .map((kv) => `config:\n${kv.map(([k, v]) => `  bgp-fabric:${k}: ${v}`).join("\n")}\n`),
      fc
        .array(fc.tuple(key, scalar), { maxLength: 4 })
        .map(
          (kv) =>
            `config:\n  bgp-fabric:zones:\n    az1:\n${kv.map(([k, v]) => `      ${k}: ${v}`).join("\n")}\n`,
        ),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom(...FORMS).map((f) => `%YAML 1.1\n---\nconfig:\n  bgp-fabric:v: ${f}\n`),
    );
    fc.assert(
      fc.property(file, (text) => {
        try {
          parseStackText(text, "Pulumi.fuzz.yaml");
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          assert.ok(e.problems.length > 0);
          for (const p of e.problems) assertOneLine(p);
        }
      }),
      { numRuns: property.runs(200), seed },
    );
  });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("fuzz: mutated plan.json baselines", function () {
  this.timeout(property.timeout);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "bgp-fabric-basefuzz-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("every mutated baseline is refused in one line naming the field, or diffs without a crash", () => {
    const raw = readStackFile(join(ROOT, "Pulumi.prod.yaml")) as Json;
    raw.bgpPasswords = { az1: { secure: "v1:AAAA" } };
    const z = raw.zones.az1;
    z.ingressNodes[Object.keys(z.ingressNodes)[0]!].drain = true;
    const plan = planOf(raw);
    const paths: (string | number)[][] = [];
    const collect = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...p, i]));
      else if (v !== null && typeof v === "object")
        for (const [k, x] of Object.entries(v)) collect(x, [...p, k]);
    };
    collect(plan, []);
    const odd = fc.constantFrom(
      "",
      "\u001b[2J",
      "a\nb",
      "\u202e",
      "__proto__",
      "constructor",
      -1,
      1e308,
      0.5,
      null,
      true,
      [],
      {},
    );
    const mutation = fc.tuple(
      fc.nat(paths.length - 1),
      fc.constantFrom("set", "delete", "add", "duplicate", "empty"),
      fc.oneof(odd, fc.jsonValue({ maxDepth: 2 })),
    );
    let n = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const p = clone(plan) as unknown as Json;
        for (const [i, op, v] of ms) mutate(p, paths[i]!, op, v);
        const file = join(dir, `${n++}.json`);
        writeFileSync(file, JSON.stringify(p));
        let baseline: NetworkPlan | null;
        try {
          baseline = loadBaseline(file, join(ROOT, "Pulumi.prod.yaml")).plan;
        } catch (e) {
          const lines = baselineFailure(file, e);
          assert.equal(lines.length, 1);
          assertOneLine(lines[0]!);
          return;
        }
        accepted++;
        const d = diffPlans(baseline, plan);
        diffText(d, { before: "a", after: "b" });
        diffMarkdown(d, { before: "a", after: "b" }, baseline, plan, undefined);
        dot(topology(plan, baseline));
      }),
      { numRuns: property.runs(100), seed },
    );
    console.log(`    ${n} mutated baselines, ${accepted} accepted and diffed`);
  });
});

/** One mutation at `path`: replace the value, delete it, add an unknown field, duplicate or empty an array. */
function mutate(root: Json, path: (string | number)[], op: string, v: unknown): void {
  if (path.length === 0) return;
  // An earlier mutation may have replaced a step of the path (an array set to {}): then there is nothing to mutate.
  const parent = path
    .slice(0, -1)
    .reduce<Json | undefined>(
      (o, k) => (o !== undefined && o !== null && typeof o === "object" ? o[k] : undefined),
      root,
    );
  const last = path[path.length - 1]!;
  if (parent === undefined || parent === null || typeof parent !== "object") return;
  const target = parent[last];
  if (op === "set") parent[last] = v;
  else if (op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (
    op === "add" &&
    target !== null &&
    typeof target === "object" &&
    !Array.isArray(target)
  )
    target.extraField = v;
  else if (op === "duplicate" && Array.isArray(parent)) parent.push(clone(target));
  else if (op === "empty" && Array.isArray(target)) target.length = 0;
}
