// The switch-dialect interface: what the plan asks of a core switch, independent of its CLI.
import type {
  DialectName,
  HealthCheck,
  Negotiated,
  PrefixList,
  RouteMap,
  SwitchPeerGroup,
  TransportPolicy,
} from "../../core/types";

/** A peer group as the plan asks for it, before the dialect states what it negotiates. */
export type PeerGroupConfig = Omit<SwitchPeerGroup, "negotiates">;

export interface SwitchBase {
  /** `az1/core1`, for messages. */
  label: string;
  /** Names this change on the switch (EOS session, NX-OS checkpoint); the same id reaches `confirm`/`rollback`. */
  changeId: string;
  asn: number;
  maximumPaths: number;
  prefixLists: PrefixList[];
  routeMaps: RouteMap[];
  peerGroups: SwitchPeerGroup[];
  /**
   * Drain around a password change (FRR, frr-switch-drain.ts): how long the upstream gets to move the traffic and the
   * routes to settle, and the bounded wait for the sessions. Absent: no drain (no bounded wait configured).
   */
  drain?: { settleSeconds: number; timeoutSeconds: number };
  /**
   * The base's own health check (FRR, frr-base-check.ts): the sessions Established before the apply must be again
   * after a settle, within the bounded wait. Absent: no check (`healthCheckSeconds` 0).
   */
  sessionCheck?: { settleSeconds: number; timeoutSeconds: number };
}

export interface Neighbor {
  label: string;
  /** Names this change on the switch (EOS session, NX-OS checkpoint); the same id reaches `confirm`/`rollback`. */
  changeId: string;
  asn: number;
  address: string;
  peerGroup: string;
  description: string;
  /** Off: the switch neither helps nor advertises graceful restart on this session (set per neighbor, see frr.ts). */
  gracefulRestart: boolean;
  /** The bound of the health check the plan adds to this change, if any (EOS: the commit timer outlasts it). */
  healthCheckSeconds?: number;
}

export interface RenderedCommand {
  /**
   * Applies the change and falls through when it applied; exits non-zero (having undone its own partial work)
   * when it did not. The plan appends the health check and `confirm` as POSIX sh (model/plan/dialects/gate.ts):
   * `create` alone never makes a change permanent.
   */
  create: string;
  delete: string;
  /** Lines for stdin; `SECRET_PLACEHOLDER` stands where the secret goes. */
  stdinTemplate?: string;
  /** EOS/NX-OS: the id that names the change on the switch (session or checkpoint), for confirm and rollback. */
  changeId?: string;
}

/** A command as the plan holds it: scripts plus the stdin template, if any. */
export interface ScriptCommand {
  create: string;
  delete: string;
  stdin?: string;
  /** The health check the plan composed into `create`, if any (the grammar check recomputes it). */
  healthCheck?: HealthCheck;
}

/** What a drain waits for on one switch (docs/drain.md). */
export interface DrainCheck {
  /** `az1/core1`, for messages. */
  label: string;
  node: string;
  address: string;
  /** The LoadBalancer pools' CIDRs: the routes a drain watches. */
  pools: string[];
  timeoutSeconds: number;
}

export interface Dialect {
  name: DialectName;
  /**
   * Renders a dual-stack zone's IPv6 groups, neighbors and policy (docs/dual-stack.md). Without it the switch plan
   * carries the IPv4 sessions only and preflight refuses the dual-stack zone in one line.
   */
  dualStack?: true;
  /** What a peer group rendered by this dialect negotiates with its neighbors (capabilities, address families). */
  negotiates(group: PeerGroupConfig): Negotiated;
  base(base: SwitchBase): RenderedCommand;
  /**
   * A dual-stack zone's IPv6 part of the switch (`dualStack` dialects), given the IPv6 groups and policy only: a
   * command of its own after the base, so adding or removing IPv6 never updates the IPv4 base.
   */
  base6?(base: SwitchBase): RenderedCommand;
  /**
   * The drain before a password change (`base.drain` set and passwords in use), run before the base command and
   * before the nodes get the new password; the base undrains once its sessions are back. Undefined where the
   * dialect renders none (EOS, NX-OS: docs/dialects.md).
   */
  drain?(base: SwitchBase): RenderedCommand | undefined;
  neighbor(neighbor: Neighbor): RenderedCommand;
  /**
   * Waits up to timeoutSeconds until every address is Established; exits non-zero listing those that are not.
   * Runs in a subshell of the change's `create`, after it applied (so it may read the create's shell variables).
   */
  healthCheck(check: { asn: number; addresses: string[]; timeoutSeconds: number }): string;
  /** Run after a passing health check: EOS commits the session, NX-OS drops the checkpoint, FRR saves (write memory). */
  confirm(change: { label: string; changeId: string }): string;
  /** Run after a failing one: EOS aborts (or lets the timer roll back), NX-OS rolls back to the checkpoint, FRR runs the change's delete. */
  rollback(change: { label: string; changeId: string; deleteScript: string }): string;
  /** The transport contract as configuration lines for the network team (applied by no command). */
  transport(asn: number, policy: Omit<TransportPolicy, "lines">): string[];
  /**
   * The dialect's own grammar check of a rendered command: every CLI line is one this dialect emits and every
   * script has the dialect's template structure. Returns the problems; empty when the command is well-formed.
   */
  check(command: ScriptCommand): string[];
  /**
   * The drain's read-only wait on this switch: `create` returns once no route inside the pools goes via the node,
   * `delete` once one does again; each fails after the timeout naming what is (still, or not yet) routed. Absent: the
   * dialect cannot check its routes, and a drain in its zones is refused (model/spec/drain.ts).
   */
  drainWait?(check: DrainCheck): { create: string; delete: string };
}
