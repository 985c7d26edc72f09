// The Cluster's secret inputs as the resources take them: kept secret, and an Output's form checked when it resolves
// (a plain string's was checked with the rest of the config, before anything registered: check.ts).
import * as pulumi from "@pulumi/pulumi";
import { extractSecrets } from "../model/spec/secrets";
import { switchPassword as modelSwitchPassword } from "../model/spec/secrets";
import { isOne } from "./check";
import type { ClusterArgs } from "./types";

/**
 * `raw` places the value where the stack config would hold it, so the problem names the config path; the error
 * fails the resources that take the value, before any of them runs.
 */
function checked(value: pulumi.Input<string>, raw: (v: string) => Record<string, unknown>) {
  if (typeof value === "string") return pulumi.secret(value);
  return pulumi.secret(
    pulumi.output(value).apply((v) => {
      const problems = extractSecrets(raw(v)).problems;
      if (problems.length > 0) throw new pulumi.RunError(problems.join("\n"));
      return v;
    }),
  );
}

export interface ClusterSecrets {
  privateKey: pulumi.Output<string>;
  /** A switch's password (the model's rule: its own, or its zone's), undefined when it has none. */
  password: (zone: string, sw: string) => pulumi.Output<string> | undefined;
  /** Whether the zone has any password (its Secret's slots are then filled). */
  hasPasswords: (zone: string) => boolean;
}

export function clusterSecrets(args: ClusterArgs): ClusterSecrets {
  const privateKey = checked(args.switchSshPrivateKey, (v) => ({ switchSshPrivateKey: v }));
  const passwords = args.bgpPasswords ?? {};
  const cache = new Map<string, pulumi.Output<string>>();
  return {
    privateKey,
    password: (zone, sw) => {
      const p = modelSwitchPassword(passwords, zone, sw, isOne);
      if (p === undefined) return undefined;
      const one = isOne(passwords[zone]);
      const key = one ? zone : `${zone}/${sw}`;
      if (!cache.has(key))
        cache.set(
          key,
          checked(p, (v) => ({ bgpPasswords: { [zone]: one ? v : { [sw]: v } } })),
        );
      return cache.get(key)!;
    },
    hasPasswords: (zone) => Object.hasOwn(passwords, zone),
  };
}
