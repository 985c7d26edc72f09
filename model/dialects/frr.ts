// FRR dialect: POSIX shell that calls only vtysh. Create adds exactly our stanzas (idempotently), delete removes
// exactly them, so a switch's running config after create+delete is byte-identical to before (verified in the lab).
import type { Dialect, Neighbor, PeerGroupConfig, RenderedCommand, SwitchBase } from "./dialect";
import { PASSWORD_PLACEHOLDER } from "./dialect";

/** Every value reaching this file is validated (addresses, DNS-1123 names, integers); quoting is a second guard. */
function q(s: string): string {
  if (/[^A-Za-z0-9 ./:_-]/.test(s))
    throw new Error(`internal: refusing to render ${JSON.stringify(s)} into a switch command`);
  return `'${s}'`;
}

/**
 * Reads the running config and cuts out the default-VRF `router bgp <asn>` block (FRR >= 8 ends blocks with `exit`).
 * `router bgp <asn>` on a switch without that instance would create one, so every script checks first.
 */
function prologue(asn: number, ifMissing: string): string[] {
  return [
    "set -e",
    "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
    'case "$cfg" in',
    `*'\nrouter bgp ${asn}\n'*) bgp=\${cfg#*'\nrouter bgp ${asn}\n'}; bgp="\n\${bgp%%'\nexit\n'*}\n" ;;`,
    `*) ${ifMissing} ;;`,
    "esac",
  ];
}

const WRITE_MEMORY = "vtysh -c 'write memory' </dev/null";

function vtysh(lines: string[], persist = true): string {
  const args = ["configure terminal", ...lines, "end", ...(persist ? ["write memory"] : [])];
  return `vtysh ${args.map((a) => `-c ${q(a)}`).join(" \\\n  ")} </dev/null`;
}

function peerGroupLines(pg: PeerGroupConfig, updateSource: string): string[] {
  return [
    `neighbor ${pg.name} peer-group`,
    `neighbor ${pg.name} remote-as internal`,
    `neighbor ${pg.name} description ${pg.description}`,
    `neighbor ${pg.name} update-source ${updateSource}`,
    `neighbor ${pg.name} timers ${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    `neighbor ${pg.name} timers connect ${pg.connectRetrySeconds}`,
    // FRR rejects `no ... graceful-restart-disable` when it is not set; a group's GR setting never toggles.
    ...(pg.gracefulRestart ? [] : [`neighbor ${pg.name} graceful-restart-disable`]),
    // Clears a password removed from the config, so a re-run converges to the plan.
    ...(pg.password ? [] : [`no neighbor ${pg.name} password`]),
  ];
}

function base(b: SwitchBase): RenderedCommand {
  const missing = `echo ${q(`bgp-fabric: ${b.label} runs no router bgp ${b.asn} - configure the zone AS on the switch first`)} >&2; exit 1`;
  const create = [
    ...prologue(b.asn, missing),
    vtysh(
      [
        `router bgp ${b.asn}`,
        ...b.peerGroups.flatMap((pg) => peerGroupLines(pg, b.updateSource)),
        "address-family ipv4 unicast",
        `maximum-paths ibgp ${b.maximumPaths}`,
        ...b.peerGroups.map((pg) => `neighbor ${pg.name} next-hop-self`),
        "exit-address-family",
      ],
      !b.peerGroups.some((pg) => pg.password),
    ),
  ];
  const secretGroups = b.peerGroups.filter((pg) => pg.password);
  let stdinTemplate: string | undefined;
  if (secretGroups.length > 0) {
    // The password travels on stdin, so it is never part of a command line or the command text.
    stdinTemplate = [
      `router bgp ${b.asn}`,
      ...secretGroups.map((pg) => ` neighbor ${pg.name} password ${PASSWORD_PLACEHOLDER}`),
      "",
    ].join("\n");
    create.push("vtysh -f /dev/stdin", WRITE_MEMORY);
  }
  const removals = b.peerGroups.map(
    (pg) =>
      `case "$bgp" in *'\n neighbor ${pg.name} peer-group\n'*) ${vtysh([`router bgp ${b.asn}`, `no neighbor ${pg.name} peer-group`], false)} ;; esac`,
  );
  const del = [
    ...prologue(b.asn, "exit 0"),
    ...removals,
    vtysh([
      `router bgp ${b.asn}`,
      "address-family ipv4 unicast",
      "no maximum-paths ibgp",
      "exit-address-family",
    ]),
  ];
  return {
    create: create.join("\n"),
    delete: del.join("\n"),
    ...(stdinTemplate ? { stdinTemplate } : {}),
  };
}

function neighbor(n: Neighbor): RenderedCommand {
  const missing = `echo ${q(`bgp-fabric: ${n.label} runs no router bgp ${n.asn} - configure the zone AS on the switch first`)} >&2; exit 1`;
  const create = [
    ...prologue(n.asn, missing),
    vtysh([
      `router bgp ${n.asn}`,
      `neighbor ${n.address} peer-group ${n.peerGroup}`,
      `neighbor ${n.address} description ${n.description}`,
    ]),
  ];
  // Remove the neighbor only while it is ours (a member of our peer group): never an operator's own neighbor.
  const del = [
    ...prologue(n.asn, "exit 0"),
    `case "$bgp" in *'\n neighbor ${n.address} peer-group ${n.peerGroup}\n'*) ${vtysh([`router bgp ${n.asn}`, `no neighbor ${n.address}`])} ;; esac`,
  ];
  return { create: create.join("\n"), delete: del.join("\n") };
}

export const frr: Dialect = { name: "frr", base, neighbor };
