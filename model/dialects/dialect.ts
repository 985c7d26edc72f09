// The switch-dialect interface: what the plan asks of a core switch, independent of its CLI.
import type { DialectName } from "../types";

export interface PeerGroupConfig {
  name: string;
  description: string;
  keepaliveSeconds: number;
  holdSeconds: number;
  connectRetrySeconds: number;
  /** Off for ingress nodes: a crashed node's /32 must leave at once, not after the restart time. */
  gracefulRestart: boolean;
  /** TCP-MD5 password, fed on stdin (never on a command line). */
  password: boolean;
}

export interface SwitchBase {
  /** `az1/core1`, for messages. */
  label: string;
  asn: number;
  /** Source address of our sessions (the switch's address in the zone's node subnet). */
  updateSource: string;
  maximumPaths: number;
  peerGroups: PeerGroupConfig[];
}

export interface Neighbor {
  label: string;
  asn: number;
  address: string;
  peerGroup: string;
  description: string;
}

export interface RenderedCommand {
  create: string;
  delete: string;
  /** Lines for stdin; `PASSWORD_PLACEHOLDER` stands where the secret goes. */
  stdinTemplate?: string;
}

export const PASSWORD_PLACEHOLDER = "<secret>";

export interface Dialect {
  name: DialectName;
  base(base: SwitchBase): RenderedCommand;
  neighbor(neighbor: Neighbor): RenderedCommand;
}
