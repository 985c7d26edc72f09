// The only reader of Pulumi config: the `bgp-fabric:` keys as the engine hands them over (secrets decrypted) ->
// the Cluster's arguments. The Cluster runs them through the one pipeline (components/check.ts).
import * as pulumi from "@pulumi/pulumi";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, childPath, formatProblem, type ConfigProblem } from "./model/core/errors";
import { PROJECT_DIR } from "./model/spec/charts";
import { SECRET_MARKER } from "./model/spec/secrets";
import { NAMESPACE, ownKey, readStackFile } from "./model/spec/stack-file";
import type { ClusterArgs, FabricConfig } from "./components/types";

export interface StackInput {
  /** The Cluster's name: the stack's `datacenter`. */
  name: string;
  args: ClusterArgs;
  /** The cluster the Kubernetes resources go to, in words (the default provider's settings: docs/library.md). */
  kubernetesTarget: string;
}

/** Top-level settings that are booleans: the engine hands every top-level value over as text. */
const BOOLEANS = new Set(["strict"]);

/** Structured config reaches the program as JSON text; plain strings as they are; `true`/`false` for booleans. */
export function decode(key: string, value: string): unknown {
  if (BOOLEANS.has(key) && (value === "true" || value === "false")) return value === "true";
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `isConfigSecret` is in the SDK's runtime but not in its type declarations. */
const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean })
  .isConfigSecret;

/**
 * Reads the stack's config. A secret stored in plain text in the stack file stops the run before anything else is
 * checked, with the command that stores it encrypted (the value is never shown). `stackFile` is read only for the
 * passwords: the engine marks `bgpPasswords` secret as a whole as soon as one password in it is encrypted.
 */
export function readStackConfig(
  stackFile = join(PROJECT_DIR, `Pulumi.${pulumi.getStack()}.yaml`),
): StackInput {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    const name = key.slice(NAMESPACE.length + 1);
    ownKey(raw, name, decode(name, value));
  }
  const plaintext = plaintextSecrets(raw, stackFile);
  if (plaintext.length > 0)
    throw new pulumi.RunError(new ConfigError(plaintext.map(formatProblem).sort()).message);
  const { switchSshPrivateKey, bgpPasswords, ...config } = raw;
  return {
    kubernetesTarget: kubernetesTarget(pulumi.runtime.allConfig()),
    name: typeof raw.datacenter === "string" ? raw.datacenter : "",
    args: {
      // Shape and values are the pipeline's to check: refused there with every problem, before anything registers.
      config: { datacenter: raw.datacenter, ...config } as FabricConfig,
      switchSshPrivateKey: switchSshPrivateKey as string,
      ...(bgpPasswords === undefined
        ? {}
        : { bgpPasswords: bgpPasswords as ClusterArgs["bgpPasswords"] }),
      projectDir: PROJECT_DIR,
    },
  };
}

/** The secret keys that are set but not stored as secrets, each with the command that stores it encrypted. */
function plaintextSecrets(raw: Record<string, unknown>, stackFile: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const problem = "is stored in plain text in the stack file";
  if (raw.switchSshPrivateKey !== undefined && !isConfigSecret(`${NAMESPACE}:switchSshPrivateKey`))
    out.push({
      path: "switchSshPrivateKey",
      problem,
      got: SECRET_MARKER,
      fix: `store it encrypted: pulumi config set --secret ${NAMESPACE}:switchSshPrivateKey < ~/.ssh/bgp-fabric`,
    });
  // `PULUMI_CONFIG_SECRET_KEYS` names top-level keys only, and names `bgpPasswords` when any one password in it is
  // encrypted (the SDK's config.Value.Secure: "a composite value that contains a secure string"), so a plain-text
  // password beside an encrypted one is found in the stack file itself, where it is written.
  const passwords = isConfigSecret(`${NAMESPACE}:bgpPasswords`)
    ? existsSync(stackFile)
      ? readStackFile(stackFile).bgpPasswords
      : undefined
    : raw.bgpPasswords;
  const plain = (v: unknown) => typeof v !== "object" || v === null || !Object.hasOwn(v, "secure");
  if (typeof passwords === "object" && passwords !== null)
    for (const [zone, p] of Object.entries(passwords)) {
      const paths = !plain(p)
        ? []
        : typeof p === "object" && p !== null
          ? Object.entries(p)
              .filter(([, v]) => plain(v))
              .map(([sw]) => childPath(childPath("bgpPasswords", zone), sw))
          : [childPath("bgpPasswords", zone)];
      for (const path of paths)
        out.push({
          path,
          problem,
          got: SECRET_MARKER,
          fix: `store it encrypted: pulumi config set --secret --path '${NAMESPACE}:${path}' '<password>'`,
        });
    }
  return out;
}

/**
 * The program registers its Kubernetes resources with the default `kubernetes` provider, configured by the stack's
 * `kubernetes:kubeconfig` and `kubernetes:context` (else `$KUBECONFIG` or `~/.kube/config` and its current context):
 * said before anything is registered, with how to pin it when the context is left to the kubeconfig.
 */
export function kubernetesTarget(all: Record<string, string>, env = process.env): string {
  const kubeconfig = Object.hasOwn(all, "kubernetes:kubeconfig")
    ? "the stack's kubernetes:kubeconfig"
    : env.KUBECONFIG
      ? `$KUBECONFIG (${env.KUBECONFIG})`
      : "~/.kube/config";
  return Object.hasOwn(all, "kubernetes:context")
    ? `kubernetes: context ${all["kubernetes:context"]} of ${kubeconfig}`
    : `kubernetes: the current context of ${kubeconfig}; pin one with pulumi config set kubernetes:context <context>`;
}
