// config.ts: a secret stored in plain text in the stack file is refused, before anything else, with the command that
// stores it encrypted; the engine's `PULUMI_CONFIG_SECRET_KEYS` says which keys are secrets.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { kubernetesTarget, readStackConfig } from "../config";
import { engineEnv } from "../harness/engine-config";
import { SSH_KEY } from "./helpers/cluster";
import { ROOT } from "./helpers/fixtures";

function read(
  secrets: Record<string, unknown>,
  plaintext: Record<string, unknown>,
  stackFile = join(ROOT, "Pulumi.prod.yaml"),
) {
  const env = engineEnv("Pulumi.prod.yaml", secrets, (c) => {
    for (const [k, v] of Object.entries(plaintext)) c[`bgp-fabric:${k}`] = v;
  });
  pulumi.runtime.setAllConfig(
    JSON.parse(env.PULUMI_CONFIG) as Record<string, string>,
    JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS) as string[],
  );
  try {
    return readStackConfig(stackFile);
  } finally {
    pulumi.runtime.setAllConfig({}, []);
  }
}

describe("secrets stored as secrets", () => {
  it("fails when the SSH key or a BGP password is plain text, naming each with its `pulumi config set --secret`", () => {
    assert.throws(
      () =>
        read(
          {},
          {
            switchSshPrivateKey: SSH_KEY,
            bgpPasswords: { az1: "az1-Md5-Pw.2026", az2: { core1: "az2-core1-Pw.26" } },
          },
        ),
      (e: Error) => {
        assert.ok(e instanceof pulumi.RunError);
        assert.equal(
          e.message,
          [
            "invalid stack config (3 problems):",
            "  bgpPasswords.az1: is stored in plain text in the stack file (got <secret>); store it encrypted: pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az1' '<password>'",
            "  bgpPasswords.az2.core1: is stored in plain text in the stack file (got <secret>); store it encrypted: pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az2.core1' '<password>'",
            "  switchSshPrivateKey: is stored in plain text in the stack file (got <secret>); store it encrypted: pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric",
          ].join("\n"),
        );
        assert.ok(!e.message.includes("Md5") && !e.message.includes("test-key-material"));
        return true;
      },
    );
  });

  it("finds a plain-text password beside an encrypted one (the engine then marks all of bgpPasswords secret)", () => {
    // As `pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az1' …` then a plain `--path …az2.core1` write it.
    const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-stack-"));
    const file = join(dir, "Pulumi.prod.yaml");
    writeFileSync(
      file,
      readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8") +
        "  bgp-fabric:bgpPasswords:\n    az1:\n      secure: v1:abc\n    az2:\n      core1: az2-core1-Pw.26\n      core2:\n        secure: v1:def\n",
    );
    try {
      const passwords = {
        az1: "az1-Md5-Pw.2026",
        az2: { core1: "az2-core1-Pw.26", core2: "az2-core2-Pw.26" },
      };
      assert.throws(
        () => read({ switchSshPrivateKey: SSH_KEY, bgpPasswords: passwords }, {}, file),
        (e: Error) => {
          assert.ok(e instanceof pulumi.RunError);
          assert.equal(
            e.message,
            [
              "invalid stack config (1 problem):",
              "  bgpPasswords.az2.core1: is stored in plain text in the stack file (got <secret>); store it encrypted: pulumi config set --secret --path 'bgp-fabric:bgpPasswords.az2.core1' '<password>'",
            ].join("\n"),
          );
          return true;
        },
      );
      // All encrypted in the file: passed on.
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(
          "core1: az2-core1-Pw.26",
          "core1:\n        secure: v1:ghi",
        ),
      );
      assert.deepEqual(
        read({ switchSshPrivateKey: SSH_KEY, bgpPasswords: passwords }, {}, file).args.bgpPasswords,
        passwords,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes secrets stored encrypted on to the Cluster, apart from the config", () => {
    const { name, args } = read(
      { switchSshPrivateKey: SSH_KEY, bgpPasswords: { az1: "az1-Md5-Pw.2026" } },
      {},
    );
    assert.equal(name, "fra1");
    assert.equal(args.switchSshPrivateKey, SSH_KEY);
    assert.deepEqual(args.bgpPasswords, { az1: "az1-Md5-Pw.2026" });
    assert.ok(!("switchSshPrivateKey" in args.config) && !("bgpPasswords" in args.config));
  });
});

describe("the Kubernetes cluster pulumi up targets", () => {
  it("names the stack's context, or the kubeconfig's current one with how to pin it", () => {
    assert.equal(
      kubernetesTarget({ "kubernetes:context": "fra1-admin" }, {}),
      "kubernetes: context fra1-admin of ~/.kube/config",
    );
    assert.equal(
      kubernetesTarget({ "kubernetes:context": "fra1", "kubernetes:kubeconfig": "x" }, {}),
      "kubernetes: context fra1 of the stack's kubernetes:kubeconfig",
    );
    assert.equal(
      kubernetesTarget({}, { KUBECONFIG: "/etc/k/admin.conf" }),
      "kubernetes: the current context of $KUBECONFIG (/etc/k/admin.conf); pin one with pulumi config set kubernetes:context <context>",
    );
  });
});
