// `--against <plan directory>`: a plan.json this version writes is always accepted as a baseline and reads back as
// the same plan; anything else is refused in one line naming the field (issue 18, items 1 and 10).
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBaseline } from "../../cli/baseline";
import { renderPlan } from "../../model/present/render";
import type { NetworkPlan } from "../../model/core/types";
import { clone, planOf, ROOT } from "../helpers/fixtures";
import { readStackFile } from "../../model/spec/stack-file";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STACKS = ["Pulumi.prod.yaml", "Pulumi.lab.yaml", "test/fixtures/Pulumi.vendors.yaml"];

/** The stack with every zone's BGP password set and its first ingress node drained (FRR zones only can drain). */
function withPasswordsAndDrain(raw: Json): Json {
  const out = clone(raw);
  const zones = Object.keys(out.zones);
  out.bgpPasswords = Object.fromEntries(zones.map((z) => [z, { secure: "v1:AAAA" }]));
  const frr = zones.find((z) =>
    Object.values<Json>(out.zones[z].switches).every((s) => (s.dialect ?? "frr") === "frr"),
  );
  if (frr !== undefined) {
    const z = out.zones[frr];
    z.ingressNodes[Object.keys(z.ingressNodes)[0]!].drain = true;
  }
  return out;
}

describe("--against a plan directory", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "bgp-fabric-baseline-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes plan.json as `npm run plan --out` does and reads it back as a baseline. */
  function roundTrip(plan: NetworkPlan, name: string): NetworkPlan | null {
    const out = join(dir, name);
    const json = renderPlan(plan).find((f) => f.path === "plan.json")!;
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
    writeFileSync(join(out, "plan.json"), json.content);
    return loadBaseline(out, join(ROOT, "Pulumi.prod.yaml")).plan;
  }

  for (const stack of STACKS) {
    it(`reads back the plan.json of ${stack} as the same plan`, () => {
      const plan = planOf(readStackFile(join(ROOT, stack)));
      assert.deepEqual(roundTrip(plan, "plain"), plan);
    });
    it(`reads back the plan.json of ${stack} with BGP passwords and a drained node`, () => {
      const plan = planOf(withPasswordsAndDrain(readStackFile(join(ROOT, stack))));
      assert.ok(plan.switches.some((s) => s.commands.some((c) => c.stdin?.includes("\n"))));
      if (stack !== "test/fixtures/Pulumi.vendors.yaml")
        assert.ok(plan.switches.some((s) => (s.drainWaits ?? []).length > 0));
      assert.deepEqual(roundTrip(plan, "secret-drain"), plan);
    });
  }

  const prod = planOf(readStackFile(join(ROOT, "Pulumi.prod.yaml")));
  function refusal(edit: (p: Json) => void, text = (t: string) => t): string {
    const p = clone(prod) as Json;
    edit(p);
    const file = join(dir, "mutated.json");
    writeFileSync(file, text(JSON.stringify(p)));
    try {
      loadBaseline(file, join(ROOT, "Pulumi.prod.yaml"));
    } catch (e) {
      const m = (e as Error).message;
      return `--against <file>${m.slice(m.indexOf(": "))}`;
    }
    return "accepted";
  }
  const tail = "; pass a plan.json written by npm run plan";

  it("fails when a field has another type, naming the field and never a JavaScript internal", () => {
    assert.equal(
      refusal((p) => (p.switches[0].commands[0].create = null)),
      `--against <file>: switches.0.commands.0.create must be a string (got null)${tail}`,
    );
    assert.equal(
      refusal((p) => (p.sessions[3].a = 7)),
      `--against <file>: sessions.3.a must be an object (got 7)${tail}`,
    );
    assert.equal(
      refusal((p) => (p.zones[1].asn = "65102")),
      `--against <file>: zones.1.asn must be a number (got "65102")${tail}`,
    );
  });

  it("fails when a field is missing, unknown, out of range or not one of its values", () => {
    assert.equal(
      refusal((p) => delete p.switches[1].ssh.user),
      `--against <file>: switches.1.ssh.user is missing (got nothing)${tail}`,
    );
    assert.equal(
      refusal((p) => (p.kubernetes[0].extra = 1)),
      `--against <file>: kubernetes.0.extra is not a field of a plan (got extra)${tail}`,
    );
    assert.equal(
      refusal((p) => (p.switches[0].dialect = "junos")),
      `--against <file>: switches.0.dialect must be one of frr, eos, nxos (got junos)${tail}`,
    );
    assert.equal(
      refusal((p) => (p.switches[0].asn = -1)),
      `--against <file>: switches.0.asn must be at least 0 (got -1)${tail}`,
    );
  });

  it("fails when text holds a control character, and a script one other than a line break", () => {
    assert.equal(
      refusal((p) => (p.datacenter = "fra1\u001b]0;owned\u0007")),
      `--against <file>: datacenter holds a control or invisible character (got "fra1\\u001b]0;owned\\u0007")${tail}`,
    );
    assert.equal(
      refusal((p) => (p.switches[0].commands[0].create = "set -e\n\u001b[2J")),
      `--against <file>: switches.0.commands.0.create holds a control or invisible character other than a line break (got "set -e\\n\\u001b[2J")${tail}`,
    );
    assert.equal(
      refusal((p) => (p.kubernetes[0].body.metadata.labels = { a: "b\u202e" })),
      `--against <file>: kubernetes.0.body.metadata.labels.a holds a control or invisible character (got "b\\u202e")${tail}`,
    );
  });

  it("fails in one line when the JSON nests too deeply for the checker", () => {
    const n = 100_000;
    const deep = `${"[".repeat(n)}1${"]".repeat(n)}`;
    assert.equal(
      refusal(
        (p) => (p.helmReleases[0].values = { deep: "DEEP" }),
        (text) => text.replace('"DEEP"', deep),
      ),
      `--against <file>: (root) is nested too deeply for a plan (got a nesting deeper than the checker follows)${tail}`,
    );
    // A field of another type that nests deeply: the refusal names it without overflowing while showing it.
    assert.equal(
      refusal(
        (p) => (p.zones[1].asn = "DEEP"),
        (text) => text.replace('"DEEP"', deep),
      ),
      `--against <file>: zones.1.asn must be a number (got a list nested too deeply)${tail}`,
    );
  });
});

describe("--against a file that does not exist", () => {
  const fix = "pass a stack file, a plan.json or its directory, or git:<rev>";
  const refused = (ref: string) => {
    try {
      loadBaseline(ref, join(ROOT, "Pulumi.prod.yaml"));
    } catch (e) {
      return (e as Error).message;
    }
    assert.fail(`${ref} was read`);
  };

  it("fails naming the stacks beside a missing Pulumi.<stack>.yaml, as --stack's refusal does", () => {
    const dir = mkdtempSync(join(tmpdir(), "bf-against-"));
    try {
      writeFileSync(join(dir, "Pulumi.prod.yaml"), "config: {}\n");
      writeFileSync(join(dir, "Pulumi.lab.yaml"), "config: {}\n");
      const stack = join(dir, "Pulumi.prd.yaml");
      const other = join(dir, "plan.json");
      const empty = join(dir, "none", "Pulumi.prd.yaml");
      assert.deepEqual(
        [refused(stack), refused(other), refused(empty)],
        [
          `--against ${stack}: no such file (got ${stack}); the stacks beside it: lab, prod; ${fix}`,
          `--against ${other}: no such file (got ${other}); ${fix}`,
          `--against ${empty}: no such file (got ${empty}); ${fix}`,
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
