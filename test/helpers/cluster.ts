// A Cluster of a stack file's raw config, as a program builds it: the config without its secrets, the secrets
// apart (plain strings here; the program passes the engine's decrypted values the same way).
import { Cluster } from "../../components/cluster";
import type { ClusterArgs, FabricConfig } from "../../components/types";
import { ROOT } from "./fixtures";

export const SSH_KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\ntest-key-material\n-----END OPENSSH PRIVATE KEY-----\n";

export function clusterArgs(
  raw: Record<string, unknown>,
  bgpPasswords?: ClusterArgs["bgpPasswords"],
): ClusterArgs {
  const { switchSshPrivateKey: _, bgpPasswords: __, ...config } = raw;
  return {
    config: config as FabricConfig,
    switchSshPrivateKey: SSH_KEY,
    ...(bgpPasswords === undefined ? {} : { bgpPasswords }),
    projectDir: ROOT,
  };
}

/** The Cluster of a stack's raw config (its datacenter names it). */
export function clusterOf(
  raw: Record<string, unknown>,
  bgpPasswords?: ClusterArgs["bgpPasswords"],
): Cluster {
  return new Cluster(String(raw.datacenter), clusterArgs(raw, bgpPasswords));
}

/** Runs examples/two-zones as a program: a fresh module, whose top level reads the config of this run. */
export function runExample(): unknown {
  const path = require.resolve("../../examples/two-zones");
  delete require.cache[path];
  return require(path);
}
