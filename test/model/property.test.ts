// Property: whatever a stack config becomes, the model either plans it (and then every switch command passes its
// dialect's own grammar, preflight found no error, and no planner invariant is broken) or refuses it with a
// ConfigError naming paths; it never throws anything else. fast-check mutates valid configs hundreds of times
// (thousands under `npm run test:property`), hostile and plausible edits mixed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { DIALECTS } from "../../model/plan/dialects";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { invariantErrors } from "../../model/verify/preflight";
import { clone, ROOT, stackConfig } from "../helpers/fixtures";
import { propertySettings } from "../helpers/property";

type Json = Record<string, unknown>;
type Path = string[];
type Op =
  | { op: "set"; path: Path; value: unknown }
  | { op: "delete"; path: Path }
  | { op: "rename"; path: Path; key: string }
  | { op: "copy"; path: Path; key: string };

const corpus = parse(readFileSync(join(ROOT, "test", "hostile", "corpus.yaml"), "utf8")) as {
  base: Json;
  payloads: Record<string, string>;
};
const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nproperty-key\n-----END OPENSSH PRIVATE KEY-----\n";
const BASES: Json[] = [
  corpus.base,
  {
    ...clone(stackConfig("prod")),
    switchSshPrivateKey: KEY,
    bgpPasswords: { az2: "Prop-Pw.2026" },
  },
];

/** Every path of a config (objects and leaves), so any setting or map entry can be hit. */
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [at];
  return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
}

const payloads = Object.values(corpus.payloads);
const octet = fc.integer({ min: 0, max: 255 });
/** Strings that are often valid somewhere (addresses, prefixes, versions, names, enums) or hostile everywhere. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...payloads) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 3, arbitrary: fc.tuple(octet, octet).map(([a, b]) => `10.0.${a % 3}.${b}`) },
  { weight: 1, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([a, l]) => `${a}/${l}`),
  },
  { weight: 1, arbitrary: fc.domain() },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "frr",
      "eos",
      "direct",
      "reflector",
      "external",
      "admission-policy",
      "3.32.1",
      "3.30.7",
      "3.27.3",
      "3.26.4",
      "3.31.7",
      "0.16.1",
      "0.14.9",
      "0.12.1",
      "1.36",
      "1.35",
      "1.31",
      "z2",
      "sw9",
      "m9",
      "in9",
      "244.0.0.9",
      "10.0.0.0/24",
      "10.0.0.0/23",
      "192.0.2.0/27",
      "Prop-Pw.2026",
      KEY,
    ),
  },
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 70000 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() }, // NaN and Infinity too: a YAML stack file can hold them
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text, text, { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.record({ address: text }) },
);

/** Edits a careful operator might make: mostly valid, so that many mutated configs still plan. */
function plausible(base: Json): fc.Arbitrary<Op> {
  const zones = Object.entries(base.zones as Record<string, Json>).map(([name, z]) => ({
    name,
    prefix: String(z.nodeCidr).split(".").slice(0, 3).join("."),
  }));
  const zone = fc.constantFrom(...zones);
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
  const set = (path: fc.Arbitrary<Path>, v: fc.Arbitrary<unknown>) =>
    fc.record({ op: fc.constant("set" as const), path, value: v });
  const node = (group: string) =>
    fc.tuple(zone, name, fc.integer({ min: 1, max: 254 })).map(([z, n, host]): Op => ({
      op: "set",
      path: ["zones", z.name, group, n],
      value: { address: `${z.prefix}.${host}` },
    }));
  return fc.oneof(
    node("ingressNodes"),
    node("masters"),
    fc.tuple(node("switches"), fc.constantFrom("frr", "eos", "nxos")).map(([o, dialect]) => ({
      ...o,
      value: { ...(o as { value: Json }).value, dialect },
    })),
    set(fc.constant(["bgp", "maximumPaths"]), fc.integer({ min: 1, max: 64 })),
    set(fc.constant(["bgp", "keepaliveSeconds"]), fc.integer({ min: 1, max: 5 })),
    set(fc.constant(["bgp", "holdSeconds"]), fc.integer({ min: 3, max: 300 })),
    set(fc.constant(["bgp", "connectRetrySeconds"]), fc.integer({ min: 1, max: 120 })),
    set(fc.constant(["ingress", "mode"]), fc.constantFrom("direct", "reflector")),
    set(
      fc.constant(["calico", "version"]),
      fc.constantFrom("3.27.3", "3.30.7", "3.31.7", "3.32.1"),
    ),
    set(fc.constant(["metallb", "version"]), fc.constantFrom("0.13.12", "0.14.9", "0.16.1")),
    set(fc.constant(["kubernetes", "version"]), fc.constantFrom("1.34", "1.35.1", "1.36")),
    set(
      zone.map((z) => ["bgpPasswords", z.name]),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9!#%*+,./:=?@^_~-]{7,40}$/),
    ),
    zone.map((z): Op => ({ op: "delete", path: ["bgpPasswords", z.name] })),
  );
}

function ops(base: Json): fc.Arbitrary<Op[]> {
  const all = paths(base);
  const entries = all.filter((p) => p.length > 0);
  const path = fc.constantFrom(...entries);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: plausible(base) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), path, value }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), path }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("rename" as const), path, key: text }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("copy" as const), path, key: text }) },
  );
  return fc.array(op, { minLength: 1, maxLength: 3 });
}

/** Applies the edits to a copy; keys become own properties (`__proto__` included), as JSON.parse makes them. */
function apply(base: Json, edits: Op[]): Json {
  const raw = structuredClone(base);
  if (raw.bgpPasswords === undefined) raw.bgpPasswords = {};
  const put = (o: Json, key: string, v: unknown) =>
    Object.defineProperty(o, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  for (const e of edits) {
    const parent = e.path
      .slice(0, -1)
      .reduce<unknown>(
        (o, k) => (o !== null && typeof o === "object" ? (o as Json)[k] : undefined),
        raw,
      );
    if (parent === null || typeof parent !== "object" || Array.isArray(parent)) continue;
    const o = parent as Json;
    const last = e.path[e.path.length - 1];
    if (e.op === "set") put(o, last, e.value);
    else if (e.op === "delete") delete o[last];
    else if (e.op === "rename") {
      const v = o[last];
      delete o[last];
      put(o, e.key, v);
    } else put(o, e.key, structuredClone(o[last]));
  }
  return raw;
}

/** The config as a stack file holds it: secrets are encrypted markers. */
function encrypted(base: Json): Json {
  const marker = { secure: "v1:property" };
  const passwords = Object.keys((base.bgpPasswords as Json | undefined) ?? {});
  return {
    ...base,
    switchSshPrivateKey: marker,
    bgpPasswords: Object.fromEntries(passwords.map((z) => [z, marker])),
  };
}

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe("property: plan or refuse, never crash", function () {
  const property = propertySettings("plan or refuse", 20260824);
  const seed = property.seed;
  this.timeout(property.timeout);

  for (const [i, base] of BASES.entries()) {
    // npm test: 500 and 100; npm run test:property (x20): 10,000 and 2,000, as npm test ran before the tiers.
    const runs = property.runs(i === 0 ? 500 : 100);
    it(`base ${i + 1}: ${runs} mutated configs each plan with grammatical switch commands or a ConfigError`, () => {
      let planned = 0;
      let commands = 0;
      fc.assert(
        fc.property(ops(base), fc.boolean(), (edits, decrypted) => {
          // Both ways configs arrive: decrypted by the engine (program), or as written (offline plan), where a
          // secret is a `{secure: …}` marker.
          const raw = apply(decrypted ? base : encrypted(base), edits);
          let result;
          try {
            result = checkStack(raw, { requireSecrets: decrypted, decrypted });
          } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            assert.ok(e.problems.length > 0);
            for (const p of e.problems) {
              assert.match(p, /^\S.*: .+ \(got .+\); .+$/s);
              assert.doesNotMatch(p, INVISIBLE);
            }
            return;
          }
          planned += 1;
          assert.deepEqual(result.report.errors, []);
          // The planner invariants, off the runtime path (docs/preflight.md), hold for every plan it builds.
          assert.deepEqual(invariantErrors(result.plan), []);
          for (const sw of result.plan.switches) {
            for (const c of sw.commands) {
              commands += 1;
              assert.deepEqual(DIALECTS[sw.dialect].check(c), [], c.name);
            }
          }
        }),
        { numRuns: runs, seed },
      );
      // Not vacuous: a good share of the mutations still plans, and their commands were all checked.
      assert.ok(planned >= runs / 10, `only ${planned} of ${runs} mutated configs planned`);
      assert.ok(commands > planned, `${commands} commands for ${planned} plans`);
    });
  }
});
