// Runs a plan switch command the way @pulumi/command's remote.Command does (domain brief §7.1): one SSH session
// per command, key authentication, the `create`/`delete` text as the remote command (executed by the login
// shell), `stdin` piped when present, success = exit status 0. The operator's host is the lab's client namespace.
import { join } from "node:path";
import type { SwitchCommand, SwitchPlan } from "../model/core/types";
import { SECRET_PLACEHOLDER } from "../model/spec/secrets";
import { inNsAsync, type Result } from "./sh";

export interface SshClient {
  ns: string;
  keyFile: string;
  knownHosts: string;
}

export function sshClient(runDir: string, ns: string): SshClient {
  return { ns, keyFile: join(runDir, "operator_ed25519"), knownHosts: join(runDir, "known_hosts") };
}

export async function ssh(
  c: SshClient,
  sw: SwitchPlan,
  remoteCommand: string,
  stdin?: string,
  timeoutMs = 60_000,
): Promise<Result> {
  if (stdin?.includes(SECRET_PLACEHOLDER))
    throw new Error(
      `lab: a command for ${sw.zone}/${sw.name} needs a BGP password; the lab runs without one`,
    );
  return inNsAsync(
    c.ns,
    "ssh",
    [
      "-T",
      "-i",
      c.keyFile,
      "-p",
      String(sw.ssh.port),
      "-o",
      "BatchMode=yes",
      "-o",
      "IdentitiesOnly=yes",
      // remote.Command without `hostKey` trusts the first key it sees (the plan warns about it).
      "-o",
      "StrictHostKeyChecking=accept-new",
      "-o",
      `UserKnownHostsFile=${c.knownHosts}`,
      "-o",
      "ConnectTimeout=10",
      "-o",
      "LogLevel=ERROR",
      `${sw.ssh.user}@${sw.ssh.host}`,
      remoteCommand,
    ],
    { input: stdin ?? "", check: false, timeoutMs },
  );
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

/** Pulumi creates a switch's commands in plan order (base, then neighbors) and deletes them in reverse. */
export async function runAll(
  c: SshClient,
  switches: SwitchPlan[],
  phase: Phase,
  pick: (cmd: SwitchCommand) => boolean = () => true,
): Promise<number> {
  let n = 0;
  // Every switch finishes (or fails) before this returns: no stray session outlives a failed run.
  const results = await Promise.allSettled(
    switches.map(async (sw) => {
      const cmds = sw.commands.filter(pick);
      for (const cmd of phase === "create" ? cmds : [...cmds].reverse()) {
        await runCommand(c, sw, cmd, phase);
        n++;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return n;
}
