// The one OpenSSH command line every consumer builds (the read-only `--live`/`status` reads in io/live.ts, the lab's
// stand-in for remote.Command in lab/remote-command.ts): key authentication only, no prompts, bounded connect, and
// the host key pinned, trusted on first use (the lab, as remote.Command without `hostKey`) or, when asked, not checked.
import { showValue } from "../model/core/errors";
import { isHostName } from "../model/core/ip";
import { CONTROL, POSIX_USER } from "../model/core/patterns";
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

/**
 * A known_hosts path as `-o UserKnownHostsFile=` takes it: ssh splits that value on whitespace into several files and
 * expands `%` tokens and `${VAR}` in it, so only plain path characters pass.
 */
const PLAIN_PATH = /^[A-Za-z0-9_./+@,:-]+$/;

/**
 * Why a value may not reach the ssh command line, or undefined. The model validated them already (the schema's host,
 * user and port rules); this is the last check before a process starts, so a value from elsewhere cannot slip an
 * option (`-oProxyCommand=…` as a host), a second destination or a second known_hosts file in.
 */
export function sshArgvProblem(
  target: Pick<SwitchPlan["ssh"], "host" | "port" | "user">,
  command: string,
  keyFile: string,
  hostKey: HostKeyCheck,
): string | undefined {
  if (!isHostName(target.host))
    return `host ${showValue(target.host)} is not a DNS name or a canonical IPv4 address`;
  if (!POSIX_USER.test(target.user))
    return `user ${showValue(target.user)} is not a POSIX user name`;
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)
    return `port ${showValue(String(target.port))} is not a TCP port (1-65535)`;
  if (keyFile === "" || CONTROL.test(keyFile) || keyFile.includes("%"))
    return `key file ${showValue(keyFile)} is empty or holds a control character or a % token`;
  if (hostKey.knownHosts !== undefined && !PLAIN_PATH.test(hostKey.knownHosts))
    return `known_hosts file ${showValue(hostKey.knownHosts)} is not a plain path (letters, digits, _ . / + @ , : -)`;
  if (command.trim() === "" || command.includes("\0"))
    return "the remote command is empty or holds a NUL";
  return undefined;
}

/** `ssh … -- user@host command`: the key file's path is passed, never its content; every value checked first. */
export function sshArgv(
  target: Pick<SwitchPlan["ssh"], "host" | "port" | "user">,
  command: string,
  keyFile: string,
  hostKey: HostKeyCheck,
): string[] {
  const problem = sshArgvProblem(target, command, keyFile, hostKey);
  if (problem !== undefined) throw new Error(`ssh: refused before connecting: ${problem}`);
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
