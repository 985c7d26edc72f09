// The EOS/NX-OS transaction's pure parts: the change names (unique per run on the switch, bounded for NX-OS) and
// the refusal forms (every documented form caught; the answers of successful operations not).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { changeName, REFUSALS, transaction } from "../../model/plan/dialects/cli-transaction";

/** The script's own `refused` function, run by bash on `text`: true when it calls the answer a refusal. */
function refused(text: string): boolean {
  const fn = transaction("eos", "z1/sw1", "bgp-fabric-z1-sw1-x", 3).find((l) =>
    l.startsWith("refused() "),
  );
  assert.ok(fn, "the transaction defines no refused()");
  try {
    execFileSync("bash", ["-c", `${fn!}\nrefused "$1"`, "-", text]);
    return true;
  } catch {
    return false;
  }
}

describe("EOS/NX-OS transaction", () => {
  it("names a change after its switch and command, within 60 characters so the nonce keeps it within 80", () => {
    assert.equal(
      changeName("az1/core1", "az1-core1-neighbor-10.1.0.11"),
      "bgp-fabric-az1-core1-neighbor-10.1.0.11",
    );
    assert.equal(changeName("az1/core1", "bgp-base"), "bgp-fabric-az1-core1-bgp-base");
    const z = "a".repeat(20);
    const w = "b".repeat(20);
    const long = changeName(`${z}/${w}`, `${z}-${w}-neighbor-255.255.255.255`);
    assert.equal(long.length, 60);
    assert.ok(long.startsWith(`bgp-fabric-${z}-${w}-`), long);
    assert.notEqual(long, changeName(`${z}/${w}`, `${z}-${w}-neighbor-255.255.255.254`));
    assert.throws(() => changeName("az1/core1; reboot", "x"), /not a switch label/);
  });

  it("calls every documented refusal form a refusal, and the answers of successful operations not", () => {
    for (const f of REFUSALS) assert.ok(refused(`some output\n${f.example}`), f.example);
    for (const ok of [
      "",
      "Copy completed successfully.",
      "[########################################] 100%\nCopy complete.",
      "Collecting Running-Config\nGenerating Rollback Patch\nExecuting Rollback Patch\nRollback completed successfully.",
      "...........Done",
      "--- system:/running-config\n+++ session:/bgp-fabric-z1-sw1-x-session-config",
      "Note: Applying config parallelly may fail Rollback verification",
    ])
      assert.ok(!refused(ok), ok);
  });
});
