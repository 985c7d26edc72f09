// The zone-addition workflow: the stack file gains exactly the zone's lines, and the result plans like prod + az4.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../model/core/errors";
import { readStackFile } from "../../model/spec/stack-file";
import { addZone, type NewZone } from "../../model/spec/zone-edit";
import { ROOT, planOf, stackConfig, withZone4 } from "../helpers/fixtures";
import { assertGolden } from "../helpers/golden";
import { tempDirs } from "../helpers/temp-dir";

/** Temporary directories, removed after the file's tests. */
const temp = tempDirs();

const AZ4: NewZone = {
  name: "az4",
  asn: "65104",
  nodeCidr: "10.4.0.0/24",
  podCidr: "10.244.192.0/18",
  switches: [
    { name: "core1", address: "10.4.0.2", sshHost: "core1.az4.fra1.example.net", dialect: "frr" },
    { name: "core2", address: "10.4.0.3", sshHost: "core2.az4.fra1.example.net", dialect: "frr" },
  ],
  masters: [
    { name: "fra1-az4-m1", address: "10.4.0.11" },
    { name: "fra1-az4-m2", address: "10.4.0.12" },
  ],
  ingressNodes: [
    { name: "fra1-az4-in1", address: "10.4.0.21" },
    { name: "fra1-az4-in2", address: "10.4.0.22" },
  ],
};

describe("adding a zone", function () {
  this.timeout(60_000);
  const prodText = readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8");

  it("appends exactly the zone's lines to Pulumi.prod.yaml: comments, order and layout untouched", () => {
    // The zones map ends the file, so the edit is the original text plus the new block, byte for byte.
    const edited = addZone(prodText, "Pulumi.prod.yaml", AZ4);
    assert.ok(edited.startsWith(prodText));
    assertGolden("zone/az4-block.yaml", edited.slice(prodText.length));
  });

  it("produces the config of prod + az4, which plans cleanly", () => {
    const dir = temp("zone");
    const file = join(dir, "Pulumi.prod.yaml");
    writeFileSync(file, addZone(prodText, "Pulumi.prod.yaml", AZ4));
    assert.deepEqual(planOf(readStackFile(file)), planOf(withZone4(stackConfig("prod"))));
  });

  it("fails when the zone exists", () => {
    assert.throws(
      () => addZone(prodText, "Pulumi.prod.yaml", { ...AZ4, name: "az2" }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.join("\n") ===
          "zones.az2: already exists (got az2); pick another zone name, or edit the zone in the file",
    );
  });
});
