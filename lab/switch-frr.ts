// A core switch: FRR (zebra + bgpd) and OpenSSH in the switch's network namespace plus a private mount namespace
// where /etc/frr, /run and the user database are the switch's own, so a plain `vtysh` in an SSH session talks to
// this switch's FRR (no -N pathspace, no rewritten commands). Its starting config is the network team's
// pre-existing one: the zone AS, the transport peerings and the routes a zone gateway announces upstream.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { newEd25519Key, sh, shAsync, waitFor } from "./sh";
import type { LabState } from "./state";
import type { LabSwitch, Topology } from "./topology";

const FRR_BIN = "/usr/lib/frr";

export function switchDir(runDir: string, sw: LabSwitch): string {
  return join(runDir, "hosts", sw.ns);
}

/**
 * The switch's own (non-plan) config: what the plan's commands find in place and must leave byte-identical. The
 * network team runs FRR's default `bgp ebgp-requires-policy` and applies the plan's rendered transport contract
 * (`transport.lines`) to the inter-zone eBGP; the upstream client gets the team's own permit-all policy.
 */
export function preexistingConfig(sw: LabSwitch, topo: Topology): string {
  const t = sw.plan.transport;
  const peers = [
    ...topo.switches
      .filter((o) => o.zone !== sw.zone)
      .map((o) => ({
        address: o.transportAddress,
        asn: o.asn,
        what: `${o.zone} ${o.name}`,
        maps: [t.routeMapIn, t.routeMapOut],
      })),
    {
      address: topo.clientAddress,
      asn: topo.clientAsn,
      what: "external client",
      maps: [UPSTREAM_MAP, UPSTREAM_MAP],
    },
  ];
  // The rendered contract as the network team would paste it: policy objects, then the instance's aggregate.
  const rendered = t.lines.filter((l) => !/^\s*!/.test(l));
  // Dual-stack: the upstream also over IPv6 (its own session, IPv6 unicast only), for the LoadBalancer /128s.
  const upstream6 = sw.transportAddress6 && topo.clientAddress6 ? [topo.clientAddress6] : [];
  const cut = rendered.indexOf(`router bgp ${sw.asn}`);
  return [
    "frr defaults traditional",
    `hostname ${sw.zone}-${sw.name}`,
    "service integrated-vtysh-config",
    "!",
    `router bgp ${sw.asn}`,
    ` bgp router-id ${sw.address}`,
    ...peers.flatMap((p) => transportNeighbor(p.address, p.asn, p.what)),
    ...upstream6.flatMap((a) => transportNeighbor(a, topo.clientAsn, "external client IPv6")),
    " !",
    " address-family ipv4 unicast",
    `  network ${sw.nodeCidr}`,
    `  network ${topo.transport}`,
    ...rendered.slice(cut + 2, rendered.indexOf(" exit-address-family", cut)),
    ...peers.flatMap((p) => transportPolicyBinding(p.address, p.maps[0], p.maps[1])),
    ...upstream6.map((a) => `  no neighbor ${a} activate`),
    "  maximum-paths 16",
    " exit-address-family",
    ...ipv6Family(sw, topo, upstream6),
    "exit",
    "!",
    ...rendered.slice(0, cut),
    `route-map ${UPSTREAM_MAP} permit 10`,
    " description lab upstream accepts and sends everything",
    "exit",
    "!",
    "",
  ].join("\n");
}

/**
 * A dual-stack zone's switch in the network team's config: its IPv6 node subnet announced upstream, the IPv6
 * upstream session with the team's permit-all policy, eBGP ECMP. Inter-zone transport stays IPv4 (the plan's
 * transport contract is IPv4: docs/dual-stack.md). The IPv6 transport /64 is not announced: an IPv6 connected route
 * has metric 256, so the client's BIRD would install the switch's /64 (metric 32) over it and reach its peers
 * through one switch.
 */
function ipv6Family(sw: LabSwitch, topo: Topology, upstream6: string[]): string[] {
  if (upstream6.length === 0 || !sw.nodeCidr6 || !topo.transport6) return [];
  return [
    " !",
    " address-family ipv6 unicast",
    `  network ${sw.nodeCidr6}`,
    ...upstream6.flatMap((a) => [
      `  neighbor ${a} activate`,
      ...transportPolicyBinding(a, UPSTREAM_MAP, UPSTREAM_MAP),
    ]),
    "  maximum-paths 16",
    " exit-address-family",
  ];
}

/** The network team's own policy toward the upstream client (not ours: no bgp-fabric marker). */
export const UPSTREAM_MAP = "lab-upstream";

/** The address-family lines that bind a transport neighbor's policy (eBGP needs one under RFC 8212). */
export function transportPolicyBinding(address: string, mapIn: string, mapOut: string): string[] {
  return [
    `  neighbor ${address} route-map ${mapIn} in`,
    `  neighbor ${address} route-map ${mapOut} out`,
  ];
}

/** Transport neighbor lines; the lab adds the same lines to running switches when a zone joins. */
export function transportNeighbor(address: string, asn: number, what: string): string[] {
  return [
    ` neighbor ${address} remote-as ${asn}`,
    ` neighbor ${address} description lab transport ${what}`,
    ` neighbor ${address} timers 3 9`,
    ` neighbor ${address} timers connect 5`,
  ];
}

function ids(name: string, file: string): { uid: number; gid: number } | undefined {
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const f = line.split(":");
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

function gid(group: string): number {
  const line = readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${group}:`));
  if (!line)
    throw new Error(`lab: group ${group} missing; is FRR installed (apt-get install frr)?`);
  return Number(line.split(":")[2]);
}

/**
 * Private copies of passwd/shadow/group with the plan's SSH user (a member of frrvty and frr, as FRR's docs ask
 * for vtysh users), bind-mounted over the originals inside the switch only.
 */
function userDatabase(dir: string, user: string): void {
  for (const f of ["passwd", "shadow", "group"]) copyFileSync(`/etc/${f}`, join(dir, f));
  for (const f of ["shadow"]) {
    const st = sh("stat", ["-c", "%u %g %a", `/etc/${f}`])
      .stdout.trim()
      .split(" ");
    chownSync(join(dir, f), Number(st[0]), Number(st[1]));
    chmodSync(join(dir, f), parseInt(st[2], 8));
  }
  if (ids(user, "/etc/passwd")) return; // an existing account (e.g. root) is used as it is
  const used = new Set(
    readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .map((l) => Number(l.split(":")[2])),
  );
  let uid = 64990;
  while (used.has(uid)) uid++;
  const vty = gid("frrvty");
  writeFileSync(
    join(dir, "passwd"),
    `${readFileSync(join(dir, "passwd"), "utf8")}${user}:x:${uid}:${vty}:bgp-fabric lab:${join(dir, "home")}:/bin/sh\n`,
  );
  writeFileSync(
    join(dir, "shadow"),
    `${readFileSync(join(dir, "shadow"), "utf8")}${user}:*:19000:0:99999:7:::\n`,
  );
  const groups = readFileSync(join(dir, "group"), "utf8")
    .split("\n")
    .map((l) => {
      const f = l.split(":");
      if (f[0] !== "frr" && f[0] !== "frrvty") return l;
      f[3] = [...f[3].split(",").filter(Boolean), user].join(",");
      return f.join(":");
    });
  writeFileSync(join(dir, "group"), groups.join("\n"));
  mkdirSync(join(dir, "home"), { recursive: true });
  chownSync(join(dir, "home"), uid, vty);
}

/** Starts FRR and sshd for one switch with its pre-existing config; records zebra, bgpd and sshd by PID. */
export async function startSwitch(
  state: LabState,
  sw: LabSwitch,
  topo: Topology,
  clientKeyPub: string,
): Promise<void> {
  const dir = switchDir(state.dir, sw);
  const { host, port, user } = sw.plan.ssh;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host))
    throw new Error(
      `lab: switch ${sw.zone}/${sw.name} sshHost ${host} is not an address the lab can serve`,
    );
  if (sw.plan.ssh.hostKey)
    throw new Error(
      `lab: switch ${sw.zone}/${sw.name} pins an SSH host key; the lab generates its own`,
    );
  const frr = { uid: ids("frr", "/etc/passwd")?.uid ?? -1, gid: gid("frr") };
  for (const d of ["etc", "run/frr", "run/sshd"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "etc/frr.conf"), preexistingConfig(sw, topo));
  writeFileSync(join(dir, "etc/vtysh.conf"), "service integrated-vtysh-config\n");
  copyFileSync("/etc/frr/daemons", join(dir, "etc/daemons"));
  for (const d of ["etc", "run/frr"]) {
    chownSync(join(dir, d), frr.uid, frr.gid);
    chmodSync(join(dir, d), 0o775);
  }
  for (const f of ["frr.conf", "vtysh.conf", "daemons"]) {
    chownSync(join(dir, "etc", f), frr.uid, frr.gid);
    chmodSync(join(dir, "etc", f), 0o664);
  }
  userDatabase(dir, user);
  newEd25519Key(join(dir, "ssh_host_ed25519_key"), `${sw.ns} host key`);
  writeFileSync(join(dir, "authorized_keys"), clientKeyPub);
  writeFileSync(
    join(dir, "sshd_config"),
    [
      `ListenAddress ${host}:${port}`,
      `HostKey ${join(dir, "ssh_host_ed25519_key")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `AllowUsers ${user}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no", // the run directory sits under /tmp
      "UseDNS no",
      "PrintMotd no",
      "PrintLastLog no",
      "",
    ].join("\n"),
  );
  const binds = [
    "run:/run",
    "etc:/etc/frr",
    "passwd:/etc/passwd",
    "shadow:/etc/shadow",
    "group:/etc/group",
  ]
    .map((b) => b.split(":"))
    .map(([src, dst]) => `mount --bind ${join(dir, src)} ${dst}`);
  const script = [
    "set -e",
    `hostname ${sw.zone}-${sw.name}`, // private UTS namespace: FRR shows the system hostname
    ...binds,
    `${FRR_BIN}/zebra -d -P 0 -F traditional -s 90000000 --log file:${join(dir, "zebra.log")}`,
    `${FRR_BIN}/bgpd -d -P 0 -F traditional --log file:${join(dir, "bgpd.log")}`,
    "vtysh -b >/dev/null", // loads the integrated /etc/frr/frr.conf, as frrinit.sh does
    `/usr/sbin/sshd -f ${join(dir, "sshd_config")} -E ${join(dir, "sshd.log")}`,
  ].join("\n");
  await shAsync(
    "ip",
    [
      "netns",
      "exec",
      sw.ns,
      "unshare",
      "--mount",
      "--uts",
      "--propagation",
      "private",
      "sh",
      "-c",
      script,
    ],
    { timeoutMs: 30_000 },
  );
  const pidOf = (f: string) => Number(readFileSync(join(dir, f), "utf8").trim());
  for (const [name, file] of [
    ["zebra", "run/frr/zebra.pid"],
    ["bgpd", "run/frr/bgpd.pid"],
    ["sshd", "sshd.pid"],
  ]) {
    const pid = await waitFor(
      `${name} pid file of ${sw.ns}`,
      () => {
        try {
          return pidOf(file) || undefined;
        } catch {
          return undefined;
        }
      },
      10_000,
      50,
    );
    state.addProcess(pid, name, sw.ns);
  }
}

/** `vtysh` inside the switch's namespaces (network + mount), as an operator on the switch would run it. */
export function vtysh(state: LabState, sw: LabSwitch, commands: string[]): string {
  return sh("nsenter", vtyshArgs(state, sw, commands)).stdout;
}

export async function vtyshAsync(
  state: LabState,
  sw: LabSwitch,
  commands: string[],
): Promise<string> {
  return (await shAsync("nsenter", vtyshArgs(state, sw, commands))).stdout;
}

/** nsenter arguments that run vtysh in the switch's network and mount namespaces (those of its zebra). */
function vtyshArgs(state: LabState, sw: LabSwitch, commands: string[]): string[] {
  const zebra = state.find("zebra", sw.ns);
  if (!zebra) throw new Error(`lab: ${sw.ns} has no running zebra`);
  return ["-t", String(zebra.pid), "-m", "-n", "vtysh", ...commands.flatMap((c) => ["-c", c])];
}

export function runningConfig(state: LabState, sw: LabSwitch): string {
  return vtysh(state, sw, ["show running-config"]);
}
