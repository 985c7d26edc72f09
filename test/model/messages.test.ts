// Every problem line is one bounded line: a key holding a newline cannot forge another problem line, and a
// 200,000-character key is shortened with `...` (model/core/errors.ts).
import assert from "node:assert/strict";
import { ConfigError, MAX_LINE, oneLine, shorten } from "../../model/core/errors";
import { parseSpec } from "../../model/spec/spec";
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

describe("problem messages", () => {
  it("fails when a zone name holds a newline: it is escaped in the problem text too, never a forged line", () => {
    const zone = "z\nzones.z1.asn: forged";
    const got = problems((c) => {
      c.zones[zone] = {
        asn: 65002,
        nodeCidr: "10.0.1.0/24",
        podCidr: "10.101.0.0/16",
        switches: { sw1: { address: "10.0.1.1", dialect: "frr" } },
        masters: { m3: { address: "10.0.1.11" }, m4: { address: "10.0.1.12" } },
        ingressNodes: { in2: { address: "10.0.1.21" } },
      };
      c.bgpPasswords = { [zone]: { other: { secure: "v1:x" } } };
    });
    assert.ok(got.every((p) => !/[\u0000-\u001f]/.test(p)));
    assert.ok(
      got.includes(
        'bgpPasswords["z\\nzones.z1.asn: forged"].sw1: is missing: zone z\\u000azones.z1.asn: forged sets one password per switch (got nothing); set one for every switch of the zone (sw1), or one for the whole zone at bgpPasswords["z\\nzones.z1.asn: forged"]',
      ),
      got.join("\n"),
    );
  });

  it("fails when a key is 200,000 characters long: the path is shortened in the middle, every line bounded", () => {
    const key = "k".repeat(200_000);
    const got = problems((c) => {
      c.zones.z1.switches[key] = { address: "10.0.0.9", dialect: "frr" };
    });
    assert.ok(got.every((p) => p.length <= MAX_LINE));
    assert.equal(
      got.find((p) => p.includes("switch name")),
      `zones.z1.switches.${"k".repeat(61)}...${"k".repeat(78)}: switch name is longer than 20 characters (got "${"k".repeat(116)}...); shorten it (names are never truncated)`,
    );
  });

  it("escapes control, zero-width and bidirectional characters and cuts long text in the middle", () => {
    assert.equal(oneLine("a\nb\r\u202e\u2028c"), "a\\u000ab\\u000d\\u202e\\u2028c");
    assert.equal(shorten("abcdefghij", 7), "ab...ij");
    assert.equal(oneLine("x".repeat(5000)).length, MAX_LINE);
    assert.deepEqual(new ConfigError(["one\ntwo"]).problems, ["one\\u000atwo"]);
  });
});
