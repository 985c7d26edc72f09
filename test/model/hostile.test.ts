// The hostile corpus (test/hostile/corpus.yaml): every bad config is refused with errors at exactly the expected
// config paths, through the path `pulumi up` takes; no switch command is ever rendered for one, and no error echoes
// a secret, a raw control character or an unbounded value.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { frr } from "../../model/plan/dialects/frr";
import { ConfigError, joinPath, MAX_LINE, MAX_PATH, shorten } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { ROOT } from "../helpers/fixtures";

type Path = string[];
interface Edits {
  set?: [Path, unknown][];
  delete?: Path[];
  rename?: [Path, string][];
}
interface Case extends Edits {
  name: string;
  paths: string[];
  /** Paths that may also have errors (a setting that depends on the attacked one, when the run gets that far). */
  maybe?: string[];
  /** A secret value that must never appear in a message. */
  secret?: string;
  /** The payload of a generated case (field x payload matrix). */
  payload?: string;
}
interface Corpus {
  base: Record<string, unknown>;
  payloads: Record<string, string>;
  /** A field, or a field and the settings that depend on it (`also`). */
  fields: (Path | { at: Path; also: string[] })[];
  secrets: Path[];
  keys: { at: Path; paths: string[] }[];
  cases: Case[];
  valid: (Edits & { name: string })[];
}

const corpus = parse(readFileSync(join(ROOT, "test", "hostile", "corpus.yaml"), "utf8")) as Corpus;

/** The explicit cases, then every payload in every string field, secret and name-giving key. */
function expand(): Case[] {
  const out = [...corpus.cases];
  for (const [payload, value] of Object.entries(corpus.payloads)) {
    for (const f of corpus.fields) {
      const { at, also = [] } = Array.isArray(f) ? { at: f } : f;
      out.push({
        payload,
        name: `${payload} in ${joinPath(at)}`,
        set: [[at, value]],
        paths: [joinPath(at)],
        maybe: also,
      });
    }
    for (const f of corpus.secrets)
      out.push({
        payload,
        name: `${payload} as ${joinPath(f)}`,
        set: [[f, value]],
        paths: [joinPath(f)],
        secret: value,
      });
    for (const k of corpus.keys)
      out.push({
        payload,
        name: `${payload} as the key of ${joinPath(k.at)}`,
        rename: [[k.at, value]],
        paths: k.paths.map((p) => (p === "{self}" ? joinPath([...k.at.slice(0, -1), value]) : p)),
      });
  }
  return out;
}

/** Applies the edits to a copy of the base; keys are set as own properties, `__proto__` included. */
function edited(edits: Edits): Record<string, unknown> {
  const raw = structuredClone(corpus.base) as Record<string, unknown>;
  const parent = (path: Path) =>
    path
      .slice(0, -1)
      .reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, raw);
  const put = (o: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [path, value] of edits.set ?? []) put(parent(path), path[path.length - 1], value);
  for (const path of edits.delete ?? []) delete parent(path)[path[path.length - 1]];
  for (const [path, key] of edits.rename ?? []) {
    const o = parent(path);
    const value = o[path[path.length - 1]];
    delete o[path[path.length - 1]];
    put(o, key, value);
  }
  return raw;
}

/** Counts every switch command rendered while `run` runs. */
function rendered(run: () => void): number {
  let n = 0;
  const { base, neighbor } = frr;
  frr.base = (b) => (n++, base(b));
  frr.neighbor = (x) => (n++, neighbor(x));
  try {
    run();
  } finally {
    frr.base = base;
    frr.neighbor = neighbor;
  }
  return n;
}

const BASE_SECRETS = [
  corpus.base.switchSshPrivateKey as string,
  "hostile-corpus-key",
  ...Object.values(corpus.base.bgpPasswords as Record<string, string>),
];
// Raw C0/C1 controls, zero-width and bidirectional overrides: a message shows them escaped, never as they are.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe("hostile input", () => {
  const cases = expand();
  // The corpus's own shape, checked as it loads (a fact about the test data, not a test: counting it could not fail
  // on any change to the code): at least 100 configs, each named once so that every refusal below is its own.
  if (cases.length < 100 || new Set(cases.map((c) => c.name)).size !== cases.length)
    throw new Error(`test/hostile/corpus.yaml: needs 100 distinct configs (got ${cases.length})`);

  it("starts from a base config that is valid and sets every string field the corpus attacks", () => {
    const { plan } = checkStack(structuredClone(corpus.base), {
      requireSecrets: true,
      decrypted: true,
    });
    assert.equal(plan.switches.length, 2);
    for (const f of [
      ...corpus.fields.map((x) => (Array.isArray(x) ? x : x.at)),
      ...corpus.secrets,
    ]) {
      const v = f.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], corpus.base);
      assert.equal(typeof v, "string", joinPath(f));
    }
  });

  /** What is wrong with the refusal of one case; empty when it is refused exactly as it must be. */
  function refusal(c: Case): string[] {
    let error: unknown;
    const commands = rendered(() => {
      try {
        checkStack(edited(c), { requireSecrets: true, decrypted: true });
      } catch (e) {
        error = e;
      }
    });
    if (!(error instanceof ConfigError)) return [`accepted, or failed with ${String(error)}`];
    const wrong: string[] = [];
    if (commands > 0) wrong.push(`${commands} switch commands were rendered`);
    // Exactly the expected paths: each has an error, and every error is at one of them (a value may break more
    // than one rule of its field, e.g. both its length and its form).
    // A path longer than MAX_PATH is shown cut in the middle (model/core/errors.ts).
    const at = (p: string) =>
      [...c.paths, ...(c.maybe ?? [])].find((path) => p.startsWith(`${shorten(path, MAX_PATH)}: `));
    for (const path of c.paths)
      if (!error.problems.some((p) => at(p) === path)) wrong.push(`no error at ${path}`);
    for (const p of error.problems) {
      if (at(p) === undefined) wrong.push(`error at another path: ${p}`);
      if (!/^.+: .+ \(got .+\); .+$/.test(p))
        wrong.push(`not <path>: <problem> (got <value>); <fix>: ${p}`);
      if (INVISIBLE.test(p))
        wrong.push(`shows a raw control or invisible character: ${JSON.stringify(p)}`);
      // The whole line is bounded, the path included.
      if (p.length > MAX_LINE) wrong.push(`unbounded message: ${p.slice(0, 200)}`);
      for (const secret of [
        ...BASE_SECRETS,
        ...(c.secret && c.secret.length >= 6 ? [c.secret] : []),
      ])
        if (p.includes(secret)) wrong.push(`shows a secret: ${p}`);
    }
    return wrong;
  }

  for (const c of cases.filter((x) => x.payload === undefined)) {
    it(`refuses ${c.name}`, () => assert.deepEqual(refusal(c), []));
  }
  for (const payload of Object.keys(corpus.payloads)) {
    it(`refuses ${payload} in every string setting, secret and name`, () => {
      const group = cases.filter((x) => x.payload === payload);
      assert.equal(group.length, corpus.fields.length + corpus.secrets.length + corpus.keys.length);
      assert.deepEqual(
        group.flatMap((c) => refusal(c).map((w) => `${c.name}: ${w}`)),
        [],
      );
    });
  }

  for (const c of corpus.valid) {
    it(`accepts ${c.name}`, () => {
      const raw = edited(c);
      const { plan } = checkStack(raw, { requireSecrets: true, decrypted: true });
      const passwords = raw.bgpPasswords as Record<string, unknown>;
      for (const s of plan.sessions.filter((x) => x.kind.endsWith("-switch")))
        assert.equal(s.passwordRef !== undefined, Object.hasOwn(passwords, s.zone), s.zone);
    });
  }
});
