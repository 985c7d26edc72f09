// Input limits (docs/operations.md#input-limits) and checks whose cost is linear: an input beyond a limit is refused
// in one line before any other check; inputs within them finish (time targets: bench/, not here).
import assert from "node:assert/strict";
import { ConfigError, MAX_PROBLEMS } from "../../model/core/errors";
import { lineDiff } from "../../model/core/line-diff";
import { LIMITS, parseSpec } from "../../model/spec/spec";
import { parseStackText } from "../../model/spec/stack-file";
import { VALID } from "./invalid-cases";

/* eslint-disable @typescript-eslint/no-explicit-any */
function problems(edit: (c: any) => void): string[] {
  const c = structuredClone(VALID) as any;
  edit(c);
  try {
    parseSpec(c, { requireSecrets: false });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
  assert.fail("accepted");
}

const zone = (i: number) => ({
  asn: 65001 + i,
  nodeCidr: "10.0.0.0/24",
  podCidr: "10.100.0.0/16",
  switches: { sw1: { address: "10.0.0.1", dialect: "frr" } },
  masters: { [`m${i}a`]: { address: "10.0.0.11" }, [`m${i}b`]: { address: "10.0.0.12" } },
  ingressNodes: { [`in${i}`]: { address: "10.0.0.21" } },
});

describe("input limits", function () {
  this.timeout(120_000);

  it("reads a stack file with 100,000 stray keys in one map and refuses it by the settings limit (the YAML reader's duplicate-key check once took 230 s)", () => {
    const text = `config:\n  bgp-fabric:bgp:\n${Array.from({ length: 100_000 }, (_, i) => `    stray${i}: ${i}\n`).join("")}`;
    const config = parseStackText(text, "Pulumi.big.yaml");
    assert.equal(Object.keys(config.bgp as object).length, 100_000);
    assert.throws(
      () => parseSpec(config, { requireSecrets: false }),
      (e) =>
        e instanceof ConfigError &&
        e.problems.length === 1 &&
        e.problems[0].startsWith(`(config): holds more than ${LIMITS.settings} settings`),
    );
  });

  it("still refuses a duplicate key, block or flow, scalar or null, naming where", () => {
    const cases: [string, string][] = [
      ["config:\n  bgp-fabric:a: 1\n  bgp-fabric:b: 2\n  bgp-fabric:a: 3\n", "line 4, column 3"],
      ["config: {bgp-fabric:a: 1, 'bgp-fabric:a': 2}\n", "line 1, column 27"],
      ["config:\n  bgp-fabric:a:\n    null: 1\n    ~: 2\n", "line 4, column 5"],
    ];
    for (const [text, at] of cases)
      assert.throws(
        () => parseStackText(text, "f"),
        (e) =>
          e instanceof ConfigError &&
          e.problems.join() ===
            `f: cannot be read as YAML (got Map keys must be unique at ${at}); fix the file`,
      );
    // A number and a text key are not duplicates to the check; the number key is refused as not text instead.
    assert.throws(
      () => parseStackText("config: {bgp-fabric:a: {1: x, '1': z}}\n", "f"),
      (e) =>
        e instanceof ConfigError &&
        e.problems.join() ===
          'a.1: has a key that is not text (got "1"); write the key as plain text (quote it)',
    );
  });

  it("fails when 3,000 zones are given: one line, before any other check", () => {
    assert.deepEqual(
      problems((c) => {
        c.zones = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`z${i}`, zone(i)]));
      }),
      [
        `(config): holds more than ${LIMITS.settings} settings, the most this tool plans (got nothing); remove the stray keys, or split the datacenter into several stacks`,
        `zones: holds 3000 zones, more than the ${LIMITS.zones} this tool plans (got nothing); split the datacenter into stacks of at most ${LIMITS.zones} zones`,
      ],
    );
  });

  it("fails when 100,000 stray keys are given: one line", () => {
    assert.deepEqual(
      problems((c) => {
        for (let i = 0; i < 100_000; i++) c[`stray${i}`] = i;
      }),
      [
        `(config): holds more than ${LIMITS.settings} settings, the most this tool plans (got nothing); remove the stray keys, or split the datacenter into several stacks`,
      ],
    );
  });

  it("fails when a zone has too many switches, or the config nests too deep", () => {
    assert.deepEqual(
      problems((c) => {
        for (let i = 2; i <= 9; i++)
          c.zones.z1.switches[`sw${i}`] = { address: `10.0.0.${i}`, dialect: "frr" };
        let deep: any = (c.lab = {});
        for (let i = 0; i < 20; i++) deep = deep.x = {};
      }),
      [
        `(config): nests maps or lists more than ${LIMITS.depth} levels deep (got nothing); no setting is that deep: see docs/config-reference.md`,
        "zones.z1.switches: holds 9 switches, more than the 8 a zone may have (got nothing); a zone has its two core switches (at most 8)",
      ],
    );
  });

  it("fails when 64 zones share one CIDR: the first overlaps named, the rest counted, the problems capped", () => {
    const got = problems((c) => {
      c.zones = Object.fromEntries(
        Array.from({ length: LIMITS.zones }, (_, i) => [`z${i}`, zone(i)]),
      );
    });
    // 64 node subnets and 64 pod CIDRs, each pair overlapping: 2 x (64 x 63 / 2) = 4,032 pairs, 20 named.
    assert.ok(
      got.includes(
        "(ranges): and 4012 more overlapping pairs of ranges (got nothing); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
      ),
    );
    assert.equal(got.filter((p) => / overlaps /.test(p)).length, 20);
    assert.equal(got.length, MAX_PROBLEMS + 1);
    assert.match(
      got[MAX_PROBLEMS],
      /^\(config\): and \d+ more problems \(got \d+\); fix the ones above and run again$/,
    );
  });

  it("diffs a 1.27-million-line script against its edit in linear time, the change shown with its context", () => {
    const lines = Array.from({ length: 1_270_000 }, (_, i) => `line ${i}`);
    const edited = [...lines];
    edited[600_000] = "changed";
    assert.deepEqual(lineDiff(lines.join("\n"), edited.join("\n")), [
      "  line 599999",
      "- line 600000",
      "+ changed",
      "  line 600001",
    ]);
    // Nothing in common: shown as removed then added, without a 1.27-million-squared table.
    const other = lines.map((l) => `${l}!`);
    const d = lineDiff(lines.join("\n"), other.join("\n"));
    assert.equal(d.length, 2 * lines.length);
    assert.equal(d[0], "- line 0");
    assert.equal(d[lines.length], "+ line 0!");
  });
});
