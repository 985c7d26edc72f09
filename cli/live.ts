// `--live` (issue 11): reads every core switch over SSH with a fixed allow-list of `show` commands and compares what
// it runs with the plan. Nothing is ever written to a switch. The system OpenSSH client does the transport.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childPath, joinPath } from "../model/core/errors";
import { parseCidr4 } from "../model/core/ip";
import type { NetworkPlan, SwitchPlan } from "../model/core/types";
import {
  parseFrrRoutesJson,
  parseFrrRunningConfig,
  parseFrrSummaryJson,
} from "../model/plan/dialects/frr-parse";
import { frrSwitchDrift, type SwitchDrift } from "../model/verify/drift";
import { fabricStatus, type SwitchRead, type ZoneStatus } from "../model/verify/status";

/** Every command `--live` may send to a switch: read-only `show` commands, nothing else. */
export const LIVE_COMMANDS = {
  runningConfig: "vtysh -c 'show running-config'",
  summary: "vtysh -c 'show bgp summary json'",
} as const;

/** `npm run status`'s one parameterized read: the routes inside one LoadBalancer pool (a canonical IPv4 CIDR). */
const ROUTES = /^vtysh -c 'show ip route ((?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}) longer-prefixes json'$/;

export function routesCommand(cidr: string): string {
  const parsed = parseCidr4(cidr);
  if (!parsed.ok || !/^[0-9./]+$/.test(cidr))
    throw new Error(`internal: ${JSON.stringify(cidr)} is not a canonical IPv4 CIDR`);
  return `vtysh -c 'show ip route ${cidr} longer-prefixes json'`;
}

/** Whether `command` is one of the read-only commands above (the routes one with a canonical CIDR only). */
export function allowed(command: string): boolean {
  if ((Object.values(LIVE_COMMANDS) as string[]).includes(command)) return true;
  const m = ROUTES.exec(command);
  return m !== null && parseCidr4(m[1]).ok;
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

/** The ssh argv for one allow-listed command; the key file's path is passed, never its content or a log of it. */
export function sshArgv(
  sw: SwitchPlan,
  command: string,
  keyFile: string,
  knownHosts: string | undefined,
): string[] {
  if (!allowed(command))
    throw new Error(`internal: ${command} is not an allow-listed show command`);
  return [
    "ssh",
    "-T",
    "-i",
    keyFile,
    "-p",
    String(sw.ssh.port),
    "-o",
    "BatchMode=yes",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    knownHosts ? "StrictHostKeyChecking=yes" : "StrictHostKeyChecking=no",
    "-o",
    `UserKnownHostsFile=${knownHosts ?? "/dev/null"}`,
    "-o",
    "GlobalKnownHostsFile=/dev/null",
    "-o",
    "ConnectTimeout=10",
    "-o",
    "LogLevel=ERROR",
    "--",
    `${sw.ssh.user}@${sw.ssh.host}`,
    command,
  ];
}

function knownHostsLine(sw: SwitchPlan, key: string): string {
  const host = sw.ssh.port === 22 ? sw.ssh.host : `[${sw.ssh.host}]:${sw.ssh.port}`;
  return `${host} ${key.trim().split(/\s+/).slice(0, 2).join(" ")}\n`;
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
    writeFileSync(knownHosts, knownHostsLine(sw, key));
  }
  const show = async (command: string) => {
    const r = await run([...(o.wrap ?? []), ...sshArgv(sw, command, o.keyFile, knownHosts)]);
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
  const outputs = await readSwitches(plan, o, () => [
    LIVE_COMMANDS.runningConfig,
    LIVE_COMMANDS.summary,
  ]);
  return plan.switches.map((sw, i) =>
    frrSwitchDrift(sw, parseFrrRunningConfig(outputs[i][0]), parseFrrSummaryJson(outputs[i][1])),
  );
}

/** `npm run status`: every switch's running config, sessions and LB pool routes, judged zone by zone. */
export async function liveStatus(plan: NetworkPlan, o: LiveOptions): Promise<ZoneStatus[]> {
  const pools = plan.loadBalancerPools.map((p) => routesCommand(p.cidr));
  const outputs = await readSwitches(plan, o, () => [
    LIVE_COMMANDS.runningConfig,
    LIVE_COMMANDS.summary,
    ...pools,
  ]);
  const reads = new Map<string, SwitchRead>(
    plan.switches.map((sw, i) => {
      const [config, summary, ...routes] = outputs[i];
      return [
        `${sw.zone}/${sw.name}`,
        {
          running: parseFrrRunningConfig(config),
          states: parseFrrSummaryJson(summary),
          routes: Object.assign({}, ...routes.map(parseFrrRoutesJson)) as Record<string, string[]>,
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
  try {
    return await Promise.all(plan.switches.map((sw) => readSwitch(sw, o, dir, commands(sw))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every reason not to connect, all at once, before any connection (and before the key is read). */
export function liveRefusals(
  plan: NetworkPlan,
  o: Pick<LiveOptions, "hostKeys" | "insecureHostKeys">,
): string[] {
  // Every problem at once, before any connection: an unpinned host key, a dialect --live cannot read yet.
  const problems = plan.switches.flatMap((sw) => {
    const path = `${childPath(joinPath(["zones", sw.zone, "switches"]), sw.name)}`;
    return [
      ...(sw.dialect === "frr"
        ? []
        : [`${path}.dialect: --live reads FRR switches only so far (got ${sw.dialect})`]),
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
