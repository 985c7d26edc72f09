// One realistic way to break each rule of the policy pack (policy/), for the e2e's policy step and the pack's tests.
// Three are stack-config edits a user could make; the two secret rules cannot be broken through the stack file
// (config.ts refuses a plain-text SSH key or password, the library keeps them secret), so those are the mistake a
// program of its own makes: an ad-hoc switch command that reads a password with `config.require…` instead of
// `requireSecret`.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { cidr4, formatIPv4 } from "../model/core/ip";
import { NAMESPACE } from "../model/spec/stack-file";
import { POLICIES } from "../policy/rules";

type Raw = Record<string, unknown>;
type RawZone = {
  asn: number;
  switches: Record<string, { address: string; sshHost?: string; sshHostKey?: string }>;
  ingressNodes?: Record<string, unknown>;
};

export type ConfigBreak = "unpinned-host-key" | "one-ingress-node" | "wide-pool";
export type ProgramBreak = "password-in-script" | "plain-stdin";

/** The policies each break must fail (the plain stdin carries a config password, so it also breaks the secret rule). */
export const BREAKS: Record<ConfigBreak | ProgramBreak, string[]> = {
  "unpinned-host-key": [POLICIES.hostKey],
  "one-ingress-node": [POLICIES.ingress],
  "wide-pool": [POLICIES.pool],
  "password-in-script": [POLICIES.credentials],
  "plain-stdin": [POLICIES.credentials, POLICIES.stdin].sort(),
};

const first = <T>(m: Record<string, T>): [string, T] => {
  const k = Object.keys(m).sort()[0];
  return [k, m[k]];
};

/** The stack config (keys without the namespace) with one break applied to its first zone, switch or pool. */
export function breakConfig(raw: Raw, kind: ConfigBreak): Raw {
  const out = JSON.parse(JSON.stringify(raw)) as Raw;
  const [, zone] = first(out.zones as Record<string, RawZone>);
  switch (kind) {
    case "unpinned-host-key":
      // A switch added without its host key pinned.
      delete first(zone.switches)[1].sshHostKey;
      break;
    case "one-ingress-node": {
      // The zone's other ingress nodes removed (decommissioned, or moved to another zone).
      const [name, node] = first(zone.ingressNodes ?? {});
      zone.ingressNodes = { [name]: node };
      break;
    }
    case "wide-pool": {
      // The pool widened to a /23 (512 addresses) around its current range.
      const [, pool] = first(out.loadBalancerPools as Record<string, { cidr: string }>);
      const c = cidr4(pool.cidr);
      pool.cidr = `${formatIPv4(c.first & ~((1n << 9n) - 1n))}/23`;
      break;
    }
  }
  return out;
}

/**
 * Registers one ad-hoc command on the first switch of the first zone, the way a program of its own might: host key
 * pinned and the SSH key read as a secret, but the zone's BGP password read with `requireObject` (plain text)
 * and written into the script, or sent on stdin.
 */
export function breakProgram(kind: ProgramBreak): command.remote.Command {
  const cfg = new pulumi.Config(NAMESPACE);
  const [zoneName, zone] = first(cfg.requireObject<Record<string, RawZone>>("zones"));
  const [, sw] = first(zone.switches);
  const passwords =
    cfg.requireObject<Record<string, string | Record<string, string>>>("bgpPasswords");
  const zonePasswords = passwords[zoneName];
  const password = typeof zonePasswords === "string" ? zonePasswords : first(zonePasswords)[1];
  const connection = {
    host: sw.sshHost ?? sw.address,
    user: cfg.getObject<{ user?: string }>("switchSsh")?.user ?? "bgp-fabric",
    privateKey: cfg.requireSecret("switchSshPrivateKey"),
    ...(sw.sshHostKey === undefined ? {} : { hostKey: sw.sshHostKey }),
  };
  const script = (pw: string) =>
    `vtysh -c 'show bgp ipv4 unicast summary' -c 'conf t' -c 'router bgp ${zone.asn}' -c "neighbor K8S-RR password ${pw}"`;
  return kind === "password-in-script"
    ? new command.remote.Command(`${zoneName}-policy-break`, {
        connection,
        create: script(password),
      })
    : new command.remote.Command(`${zoneName}-policy-break`, {
        connection,
        create: script("$(cat)"),
        stdin: password,
      });
}
