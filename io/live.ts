// `--live` (issue 11): reads every core switch over SSH with a fixed allow-list of `show` commands and compares what
// it runs with the plan. Nothing is ever written to a switch. The system OpenSSH client does the transport (io/ssh.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childPath, joinPath } from "../model/core/errors";
import { parseCidr4 } from "../model/core/ip";
import { isIPv6Text } from "../model/core/ip6";
import type { NetworkPlan, SwitchPlan } from "../model/core/types";
import type { DialectName } from "../model/core/types";
import { LIVE_PARSERS } from "../model/plan/dialects/live-parse";
import { switchDrift, type SwitchDrift } from "../model/verify/drift";
import { fabricStatus, type SwitchRead, type ZoneStatus } from "../model/verify/status";
import { removedOnExit } from "./removed-on-exit";
import { knownHostsLine, sshArgv } from "./ssh";

/**
 * Every command `--live` and `npm run status` may send to a switch, per dialect: read-only `show` commands, nothing
 * else. EOS and NX-OS run them from the SSH account's bash through the CLI program their dialect scripts use
 * (`Cli -p 15`, `vsh`: model/plan/dialects/cli-shell.ts), stdin closed as there. `summary6`: the IPv6 sessions'
 * states, read only from a switch with IPv6 groups (dual-stack zones; FRR's summary holds both families), in the
 * same JSON form as the IPv4 summary.
 */
export const LIVE_COMMANDS: Record<
  DialectName,
  { runningConfig: string; summary: string; summary6?: string }
> = {
  frr: {
    runningConfig: "vtysh -c 'show running-config'",
    summary: "vtysh -c 'show bgp summary json'",
  },
  eos: {
    runningConfig: "Cli -p 15 -c 'show running-config' </dev/null",
    summary: "Cli -p 15 -c 'show ip bgp summary | json' </dev/null",
    summary6: "Cli -p 15 -c 'show ipv6 bgp summary | json' </dev/null",
  },
  nxos: {
    runningConfig: "vsh -c 'show running-config' </dev/null",
    summary: "vsh -c 'show bgp ipv4 unicast summary | json' </dev/null",
    summary6: "vsh -c 'show bgp ipv6 unicast summary | json' </dev/null",
  },
};

/** The session-state reads of one switch: the summary, and the IPv6 one where the switch has IPv6 groups. */
function summaries(sw: SwitchPlan): string[] {
  const six = LIVE_COMMANDS[sw.dialect].summary6;
  return [
    LIVE_COMMANDS[sw.dialect].summary,
    ...(six !== undefined && sw.peerGroups.some((g) => g.family === "ipv6") ? [six] : []),
  ];
}

/** The session states of one switch from its `summaries` outputs, both families merged. */
function statesOf(sw: SwitchPlan, outputs: string[]): Record<string, string> {
  const parse = LIVE_PARSERS[sw.dialect];
  return Object.assign({}, ...outputs.map((o) => parse.summary(o))) as Record<string, string>;
}

/** The one parameterized read, `npm run status`'s: the routes inside one LoadBalancer pool, before and after it. */
const ROUTES: Record<DialectName, [string, string]> = {
  frr: ["vtysh -c 'show ip route ", " longer-prefixes json'"],
  eos: ["Cli -p 15 -c 'show ip route ", " longer-prefixes | json' </dev/null"],
  nxos: ["vsh -c 'show ip route ", " longer-prefixes | json' </dev/null"],
};

/** Only a canonical IPv4 CIDR (digits, dots, one slash, host bits zero) goes into a command. */
const canonical = (cidr: string) => /^[0-9.]+\/[0-9]+$/.test(cidr) && parseCidr4(cidr).ok;

export function routesCommand(dialect: DialectName, cidr: string): string {
  if (!canonical(cidr))
    throw new Error(`internal: ${JSON.stringify(cidr)} is not a canonical IPv4 CIDR`);
  const [before, after] = ROUTES[dialect];
  return `${before}${cidr}${after}`;
}

/** Whether `command` is one of the read-only commands above (the routes one with a canonical CIDR only). */
export function allowed(command: string): boolean {
  if (
    Object.values(LIVE_COMMANDS).some(
      (c) => c.runningConfig === command || c.summary === command || c.summary6 === command,
    )
  )
    return true;
  return Object.values(ROUTES).some(
    ([before, after]) =>
      command.startsWith(before) &&
      command.endsWith(after) &&
      canonical(command.slice(before.length, command.length - after.length)),
  );
}

export interface LiveOptions {
  keyFile: string;
  /** Switch label -> pinned host key (`ssh-ed25519 AAAA…`); the plan's `ssh.hostKey` when absent here. */
  hostKeys?: Record<string, string>;
  insecureHostKeys?: boolean;
  /** Prefix for the ssh client, e.g. `["ip", "netns", "exec", "bf-client"]` in the lab. */
  wrap?: string[];
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(argv: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${e.message}`));
    });
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The ssh argv for one allow-listed command (io/ssh.ts), pinned to `knownHosts` when given. */
export function showArgv(
  sw: SwitchPlan,
  command: string,
  keyFile: string,
  knownHosts: string | undefined,
): string[] {
  if (!allowed(command))
    throw new Error(`internal: ${command} is not an allow-listed show command`);
  return sshArgv(
    sw.ssh,
    command,
    keyFile,
    knownHosts ? { knownHosts, trust: "pinned" } : { trust: "insecure" },
  );
}

/** Runs the allow-listed commands on one switch, one SSH session each, in order; their outputs. */
async function readSwitch(
  sw: SwitchPlan,
  o: LiveOptions,
  dir: string,
  commands: string[],
): Promise<string[]> {
  const label = `${sw.zone}/${sw.name}`;
  const key = o.hostKeys?.[label] ?? sw.ssh.hostKey;
  let knownHosts: string | undefined;
  if (key !== undefined) {
    knownHosts = join(dir, `${sw.zone}-${sw.name}.known_hosts`);
    writeFileSync(knownHosts, knownHostsLine(sw.ssh, key));
  }
  const show = async (command: string) => {
    const r = await run([...(o.wrap ?? []), ...showArgv(sw, command, o.keyFile, knownHosts)]);
    if (r.code !== 0)
      throw new Error(
        `${label}: \`${command}\` over SSH to ${sw.ssh.user}@${sw.ssh.host}:${sw.ssh.port} exited ${r.code}: ${(r.stderr || r.stdout).trim().split("\n")[0].split(o.keyFile).join("<ssh key>")}`,
      );
    return r.stdout;
  };
  const out: string[] = [];
  for (const c of commands) out.push(await show(c));
  return out;
}

/** Reads every switch of the plan (concurrently) and returns their drift, in the plan's switch order. */
export async function liveDrift(plan: NetworkPlan, o: LiveOptions): Promise<SwitchDrift[]> {
  const outputs = await readSwitches(plan, o, (sw) => [
    LIVE_COMMANDS[sw.dialect].runningConfig,
    ...summaries(sw),
  ]);
  return plan.switches.map((sw, i) => {
    const [config, ...states] = outputs[i];
    return switchDrift(sw, LIVE_PARSERS[sw.dialect].running(config), statesOf(sw, states));
  });
}

/** `npm run status`: every switch's running config, sessions and LB pool routes, judged zone by zone. */
export async function liveStatus(plan: NetworkPlan, o: LiveOptions): Promise<ZoneStatus[]> {
  // The LB routes of the IPv4 pools (status reads no /128s yet: docs/dual-stack.md).
  const pools = plan.loadBalancerPools.filter((p) => !isIPv6Text(p.cidr));
  const outputs = await readSwitches(plan, o, (sw) => [
    LIVE_COMMANDS[sw.dialect].runningConfig,
    ...summaries(sw),
    ...pools.map((p) => routesCommand(sw.dialect, p.cidr)),
  ]);
  const reads = new Map<string, SwitchRead>(
    plan.switches.map((sw, i) => {
      const n = summaries(sw).length;
      const [config, ...rest] = outputs[i];
      const routes = rest.slice(n);
      const parse = LIVE_PARSERS[sw.dialect];
      return [
        `${sw.zone}/${sw.name}`,
        {
          running: parse.running(config),
          states: statesOf(sw, rest.slice(0, n)),
          routes: Object.assign({}, ...routes.map((r) => parse.routes(r))) as Record<
            string,
            string[]
          >,
        },
      ];
    }),
  );
  return fabricStatus(plan, reads);
}

/** Every switch's outputs of `commands(sw)`, in the plan's switch order; refusals first, all at once. */
async function readSwitches(
  plan: NetworkPlan,
  o: LiveOptions,
  commands: (sw: SwitchPlan) => string[],
): Promise<string[][]> {
  const problems = liveRefusals(plan, o);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const dir = mkdtempSync(join(tmpdir(), "bgp-fabric-live-"));
  // Removed by a signal too: a run cancelled while ssh waits on a switch would never reach a `finally`.
  const remove = removedOnExit(dir);
  try {
    return await Promise.all(plan.switches.map((sw) => readSwitch(sw, o, dir, commands(sw))));
  } finally {
    remove();
  }
}

/** Every reason not to connect, all at once, before any connection (and before the key is read). */
export function liveRefusals(
  plan: NetworkPlan,
  o: Pick<LiveOptions, "hostKeys" | "insecureHostKeys">,
): string[] {
  // Every problem at once, before any connection: an unpinned host key.
  const problems = plan.switches.flatMap((sw) => {
    const path = `${childPath(joinPath(["zones", sw.zone, "switches"]), sw.name)}`;
    return [
      ...(o.hostKeys?.[`${sw.zone}/${sw.name}`] !== undefined ||
      sw.ssh.hostKey !== undefined ||
      o.insecureHostKeys
        ? []
        : [
            `${path}.sshHostKey: not pinned, so --live will not connect to ${sw.ssh.host}; set it from ssh-keyscan -t ed25519 ${sw.ssh.host}, or pass --insecure-host-keys`,
          ]),
    ];
  });
  return problems;
}
