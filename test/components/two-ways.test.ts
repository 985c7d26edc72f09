// Two ways in, one result: a datacenter given to the Cluster in code and the same datacenter read from its stack file
// by the program (index.ts's fabric(), under the engine's config protocol) register the same resources: names,
// parents, options, dependencies and inputs.
import assert from "node:assert/strict";
import { fabric } from "../../program";
import { engineEnv, withEngineConfig } from "../../harness/engine-config";
import { clusterOf, runExample, SSH_KEY } from "../helpers/cluster";
import { key, record, reveal, type Recorded } from "../../harness/mocks";
import { readStackFile } from "../../model/spec/stack-file";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";

/** What the engine would register of each resource, secrets revealed. */
const view = (rs: Recorded[]) =>
  rs.map((r) => ({
    key: key(r),
    parent: r.parent,
    dependsOn: r.dependsOn,
    deletedWith: r.deletedWith,
    deleteBeforeReplace: r.deleteBeforeReplace,
    additionalSecretOutputs: r.additionalSecretOutputs,
    aliases: r.aliases,
    inputs: reveal(r.inputs),
  }));

/**
 * A program (`fabric()` by default) on a stack file, its config handed over as the engine hands it (JSON text,
 * secret keys listed).
 */
async function fromStackFile(
  file: string,
  stack: string,
  secrets: Record<string, unknown>,
  program: () => unknown = () => fabric(),
): Promise<Recorded[]> {
  return withEngineConfig(engineEnv(file, secrets), () => record(program, stack));
}

const PASSWORDS = {
  az1: "az1-Md5-Pw.2026",
  az2: { core1: "az2-core1-Pw.26", core2: "az2-core2-Pw.26" },
};

describe("the same datacenter in code and from its stack file", () => {
  for (const [file, stack] of [
    ["Pulumi.prod.yaml", "prod"],
    ["Pulumi.lab.yaml", "lab"],
    ["test/fixtures/Pulumi.vendors.yaml", "vendors"],
  ] as const) {
    it(`registers the same resources: ${file}`, async () => {
      const raw = readStackFile(join(ROOT, file));
      const inCode = await record(() => clusterOf(raw, PASSWORDS), stack);
      const program = await fromStackFile(file, stack, {
        switchSshPrivateKey: SSH_KEY,
        bgpPasswords: PASSWORDS,
      });
      assert.ok(inCode.length > 40, `${file}: ${inCode.length} resources`);
      assert.deepEqual(view(program), view(inCode));
    });
  }
});

describe("examples/two-zones: the lab written in TypeScript, a program of its own", () => {
  it("registers what the program registers from Pulumi.lab.yaml", async () => {
    const fromFile = await fromStackFile("Pulumi.lab.yaml", "lab", {
      switchSshPrivateKey: SSH_KEY,
    });
    // The example reads only the SSH key (a secret) of the stack's config.
    const example = await fromStackFile(
      "Pulumi.lab.yaml",
      "lab",
      { switchSshPrivateKey: SSH_KEY },
      runExample,
    );
    assert.ok(fromFile.length > 40);
    assert.deepEqual(view(example), view(fromFile));
  });
});
