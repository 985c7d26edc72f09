// Runs a plan switch command the way @pulumi/command's remote.Command does (domain brief §7.1): one SSH session
// per command, key authentication, the `create`/`delete` text as the remote command (executed by the login
// shell), `stdin` piped when present, success = exit status 0. The operator's host is the lab's client namespace.
import { join } from "node:path";
import type { SwitchCommand, SwitchPlan } from "../model/core/types";
import {
  SECRET_PLACEHOLDER,
  fillSecret,
  switchPassword,
  type ZonePasswords,
} from "../model/spec/secrets";
import { inDependencyOrder } from "./apply-order";
import { sshArgv } from "../io/ssh";
import { inNsAsync, type Result } from "./sh";

export interface SshClient {
  ns: string;
  keyFile: string;
  knownHosts: string;
  /** The lab's TCP-MD5 passwords by zone (`bgpPasswords` form): what the program fills into a command's stdin. */
  passwords: Record<string, ZonePasswords>;
}

export function sshClient(
  runDir: string,
  ns: string,
  passwords: Record<string, ZonePasswords> = {},
): SshClient {
  return {
    ns,
    keyFile: join(runDir, "operator_ed25519"),
    knownHosts: join(runDir, "known_hosts"),
    passwords,
  };
}

export async function ssh(
  c: SshClient,
  sw: SwitchPlan,
  remoteCommand: string,
  stdin?: string,
  timeoutMs = 60_000,
): Promise<Result> {
  let input = stdin ?? "";
  if (input.includes(SECRET_PLACEHOLDER)) {
    // The switch's password, filled in exactly as components/emit.ts fills the remote.Command's stdin.
    const pw = switchPassword(c.passwords, sw.zone, sw.name);
    if (pw === undefined)
      throw new Error(
        `lab: a command for ${sw.zone}/${sw.name} needs a BGP password; the lab was given none for it`,
      );
    input = fillSecret(input, pw);
  }
  // remote.Command without `hostKey` trusts the first key it sees (the plan warns about it).
  const [cmd, ...args] = sshArgv(sw.ssh, remoteCommand, c.keyFile, {
    knownHosts: c.knownHosts,
    trust: "first-use",
  });
  return inNsAsync(c.ns, cmd, args, { input, check: false, timeoutMs });
}

export type Phase = "create" | "delete";

/** A minute for the command itself plus its health check's bounded wait. */
export function commandTimeoutMs(cmd: SwitchCommand): number {
  return 60_000 + (cmd.healthCheck?.timeoutSeconds ?? 0) * 1000;
}

/** One command, one session; throws with the switch's own words when the command fails. */
export async function runCommand(
  c: SshClient,
  sw: SwitchPlan,
  cmd: SwitchCommand,
  phase: Phase,
): Promise<Result> {
  const r = await ssh(
    c,
    sw,
    cmd[phase],
    phase === "create" ? cmd.stdin : undefined,
    commandTimeoutMs(cmd),
  );
  if (r.code !== 0)
    throw new Error(
      `lab: ${phase} of ${cmd.name} on ${sw.zone}/${sw.name} exited ${r.code}: ${(r.stderr + r.stdout).trim()}`,
    );
  return r;
}

/**
 * Applies the switches' commands as `pulumi up` (create) or `pulumi destroy` (delete) would: every command of every
 * switch in one batch, each after the commands it depends on (`after`, the plan's ordering edge; deletes in reverse),
 * independent ones concurrently. `pick` limits the batch (e.g. the new commands of a grown zone); a dependency
 * outside it already exists.
 */
export async function runAll(
  c: SshClient,
  switches: SwitchPlan[],
  phase: Phase,
  pick: (cmd: SwitchCommand) => boolean = () => true,
): Promise<number> {
  const ops = switches.flatMap((sw) =>
    sw.commands.filter(pick).map((cmd) => ({
      name: cmd.name,
      dependsOn: cmd.after === undefined ? [] : [cmd.after],
      item: { sw, cmd },
    })),
  );
  // Every started command finishes (or fails) before this returns: no stray session outlives a failed run.
  return inDependencyOrder(ops, phase, ({ sw, cmd }) => runCommand(c, sw, cmd, phase));
}
