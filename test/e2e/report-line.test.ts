// The e2e's last line says whose BIRD configs the run's sessions ran on: Calico's confd (its module version and how
// many nodes it configured) or the lab's emulation, so a PASS on the emulation never reads like one on Calico's code.
import assert from "node:assert/strict";
import { emptyReport, reportLine } from "../../e2e/report";

describe("the e2e report's one-line form", () => {
  it("names calico-confd, its module version and the nodes it configured", () => {
    const r = {
      ...emptyReport("lab", "calico-confd"),
      ok: true,
      confdModuleVersion: "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520",
      confdNodes: 15,
    };
    assert.equal(
      reportLine(r).split("; ").slice(0, 2).join("; "),
      "e2e lab: PASS; node side calico-confd v1.11.0-cni-plugin.0.20250813170300-a0db560f0520 (15 nodes)",
    );
  });

  it("names calico-confd without a version when the run failed before reading it", () => {
    const r = { ...emptyReport("lab", "calico-confd"), failed: "x" };
    assert.equal(
      reportLine(r).split("; ").slice(0, 2).join("; "),
      "e2e lab: FAIL (x); node side calico-confd (0 nodes)",
    );
  });

  it("names the emulation when the run used it", () => {
    const r = { ...emptyReport("lab", "emulation"), ok: true };
    assert.equal(
      reportLine(r).split("; ").slice(0, 2).join("; "),
      "e2e lab: PASS; node side emulation (lab/calico-bird.ts)",
    );
  });
});
