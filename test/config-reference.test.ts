// docs/config-reference.md is generated from the config schema (npm run docs:config): it cannot go stale, and the
// schema leaves no setting undescribed and no default unshown.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configReference, referenceRows } from "../model/present/config-reference";
import { DEFAULTS } from "../model/spec/schema";
import { ROOT } from "./helpers/fixtures";

describe("config reference (docs/config-reference.md)", () => {
  it("is exactly what npm run docs:config writes from the schema", () => {
    const committed = readFileSync(join(ROOT, "docs", "config-reference.md"), "utf8");
    assert.equal(committed, configReference(), "run npm run docs:config and commit the result");
  });

  it("describes every setting, and shows every default the spec applies", () => {
    const rows = referenceRows();
    assert.deepEqual(
      rows.filter((r) => r.description === "").map((r) => r.key),
      [],
    );
    const shown = new Set(rows.map((r) => r.default));
    const unshown = Object.entries(DEFAULTS).filter(([, v]) => !shown.has(`\`${v}\``));
    assert.deepEqual(unshown, []);
  });

  it("lists nested settings under their map keys, with what zod checks", () => {
    const row = (key: string) => referenceRows().find((r) => r.key === key);
    assert.deepEqual(row("bgp.holdSeconds"), {
      key: "bgp.holdSeconds",
      type: "integer",
      required: false,
      default: "`9`",
      rule: "3–65535",
      description:
        "switch-side hold time (the negotiated one is the lower of both ends'; Calico's BIRD holds 240 s)",
    });
    assert.deepEqual(row("zones.<zone>.switches.<switch>.dialect"), {
      key: "zones.<zone>.switches.<switch>.dialect",
      type: "one of `frr`, `eos`, `nxos`",
      required: true,
      rule: "",
      description:
        "the switch's configuration language: frr (FRRouting, SONiC, Cumulus), eos (Arista EOS), nxos (Cisco NX-OS); docs/dialects.md",
    });
  });
});
