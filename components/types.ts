// The library's public types: what a program passes to a Cluster (the stack schema's own types, so a datacenter
// written in code is checked by the compiler against the same shape the stack file is checked against at run time)
// and what the components expose as outputs.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { configSchema } from "../model/spec/schema";
import type { BgpSession, RolloutMode, SessionKind } from "../model/core/types";

/** Every `bgp-fabric:` key of a stack file, as written there (secrets as `{secure: …}`). */
export type StackConfig = z.input<typeof configSchema>;

/**
 * A datacenter as a program writes it: the stack file's keys without the secrets (they are separate Inputs). Its
 * values decide resource names and the sessions, so they are plain values, never Outputs: a name cannot wait for
 * a deployment. `datacenter` defaults to the Cluster's name.
 */
export type FabricConfig = Omit<
  StackConfig,
  "datacenter" | "switchSshPrivateKey" | "bgpPasswords"
> & {
  datacenter?: string;
};
export type ZoneConfig = FabricConfig["zones"][string];
export type SwitchConfig = ZoneConfig["switches"][string];
export type NodeConfig = ZoneConfig["masters"][string];
export type LoadBalancerPoolConfig = FabricConfig["loadBalancerPools"][string];

/** A zone's TCP-MD5 password for all its switches, or one per switch name. */
export type ZonePasswordsInput = pulumi.Input<string> | Record<string, pulumi.Input<string>>;

export interface ClusterArgs {
  /** The datacenter: zones, pools, versions, BGP settings (the stack schema, docs/config-reference.md). */
  config: FabricConfig;
  /**
   * The switches' SSH private key. A plain string is checked before anything registers; an Output (a secret config
   * value, a generated key) is checked when it resolves. Kept secret either way.
   */
  switchSshPrivateKey: pulumi.Input<string>;
  /** TCP-MD5 passwords by zone name (optional), kept secret. */
  bgpPasswords?: Record<string, ZonePasswordsInput>;
  /** Where relative chart paths (`metallb.path`, `ingress.path`) start: default the working directory. */
  projectDir?: string;
}

/** One end of a planned BGP session. */
export interface SessionEndView {
  name: string;
  address: string;
  asn: number;
}

/** A planned BGP session, as a zone reports it. */
export interface SessionView {
  kind: SessionKind;
  a: SessionEndView;
  b: SessionEndView;
}

export interface NodeView {
  name: string;
  address: string;
  /** Only when the node is drained (docs/drain.md). */
  drained?: true;
}

/** A zone as the Cluster reports it. */
export interface ZoneSummary {
  asn: number;
  podCidr: string;
  reflectors: string[];
  ingressNodes: string[];
  sessions: number;
}

export interface SessionsSummary {
  total: number;
  byKind: Partial<Record<SessionKind, number>>;
  byZone: Record<string, number>;
}

export interface PoolView {
  name: string;
  cidr: string;
  autoAssign: boolean;
}

export interface RolloutView {
  mode: RolloutMode;
  order: string[];
}

/** A planned session as its zone's output shows it (the model's type, without the policy detail). */
export function sessionView(s: BgpSession): SessionView {
  const end = (e: BgpSession["a"]): SessionEndView => ({
    name: e.name,
    address: e.address,
    asn: e.asn,
  });
  return { kind: s.kind, a: end(s.a), b: end(s.b) };
}
