// The one OpenSSH command line every consumer builds (the read-only `--live`/`status` reads in io/live.ts, the lab's
// stand-in for remote.Command in lab/remote-command.ts): key authentication only, no prompts, bounded connect, and
// the host key pinned, trusted on first use (the lab, as remote.Command without `hostKey`) or, when asked, not checked.
import type { SwitchPlan } from "../model/core/types";

/** How the server's host key is checked: against a known_hosts file (pinned or first use), or not at all. */
export type HostKeyCheck =
  | { knownHosts: string; trust: "pinned" | "first-use" }
  | { knownHosts?: undefined; trust: "insecure" };

const STRICT: Record<HostKeyCheck["trust"], string> = {
  pinned: "yes",
  "first-use": "accept-new",
  insecure: "no",
};

/** `ssh … -- user@host command`: the key file's path is passed, never its content. */
export function sshArgv(
  target: Pick<SwitchPlan["ssh"], "host" | "port" | "user">,
  command: string,
  keyFile: string,
  hostKey: HostKeyCheck,
): string[] {
  return [
    "ssh",
    "-T",
    "-i",
    keyFile,
    "-p",
    String(target.port),
    "-o",
    "BatchMode=yes",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    `StrictHostKeyChecking=${STRICT[hostKey.trust]}`,
    "-o",
    `UserKnownHostsFile=${hostKey.knownHosts ?? "/dev/null"}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "ConnectTimeout=10",
    "-o",
    "LogLevel=ERROR",
    "--",
    `${target.user}@${target.host}`,
    command,
  ];
}

/** A known_hosts line pinning `key` (`ssh-ed25519 AAAA… [comment]`) for the switch's host and port. */
export function knownHostsLine(
  target: Pick<SwitchPlan["ssh"], "host" | "port">,
  key: string,
): string {
  const host = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
  return `${host} ${key.trim().split(/\s+/).slice(0, 2).join(" ")}\n`;
}
