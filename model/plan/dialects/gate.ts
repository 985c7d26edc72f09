// The health gate every dialect's change goes through (docs/commit-confirm.md): the dialect's `create` applies, the
// gate waits for the sessions the change brings up, then confirms it, or rolls it back and fails naming them. One
// composition for every dialect; each dialect supplies the pieces.
import type { HealthCheck } from "../../core/types";
import type { Dialect } from "./dialect";

export type GatePieces = Pick<Dialect, "healthCheck" | "confirm" | "rollback">;

export interface GateInput {
  label: string;
  asn: number;
  changeId: string;
  /** The dialect's `create` (applies, falls through on success) and `delete` (the rollback of a failed check). */
  create: string;
  delete: string;
  check?: HealthCheck;
}

/**
 * The check and its two outcomes, between the apply and the confirm. A dropped SSH session (SIGHUP, or SIGPIPE on a
 * closed stderr) never cuts them short: the switch ends confirmed or rolled back either way.
 */
export function gateBlock(d: GatePieces, g: GateInput & { check: HealthCheck }): string {
  return [
    "trap '' HUP PIPE",
    "if (",
    d.healthCheck({
      asn: g.asn,
      addresses: g.check.addresses,
      timeoutSeconds: g.check.timeoutSeconds,
    }),
    "); then :; else",
    d.rollback({ label: g.label, changeId: g.changeId, deleteScript: g.delete }),
    "exit 1",
    "fi",
  ].join("\n");
}

/** The command's `create`: apply, [health check -> rollback and fail], confirm. */
export function gatedCreate(d: GatePieces, g: GateInput): string {
  const confirm = d.confirm({ label: g.label, changeId: g.changeId });
  return [
    g.create,
    ...(g.check === undefined ? [] : [gateBlock(d, { ...g, check: g.check })]),
    confirm,
  ].join("\n");
}
