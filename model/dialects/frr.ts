// FRR dialect: POSIX shell that calls only vtysh. Create adds exactly our stanzas (idempotently), delete removes
// exactly them, so a switch's running config after create+delete is byte-identical to before (verified in the lab).
import type { Negotiated } from "../types";
import type { Dialect, Neighbor, PeerGroupConfig, RenderedCommand, SwitchBase } from "./dialect";
import { SECRET_PLACEHOLDER } from "../secrets";
import { checkFrr } from "./frr-grammar";
import {
  APPLY_STDIN,
  NOTHING_TO_DELETE,
  WRITE_MEMORY,
  ifPresent,
  ifPresentElse,
  missingInstance,
  prologue,
  vtysh,
} from "./frr-shell";

/**
 * FRR advertises the ADD-PATH receive capability to every neighbor unless `neighbor X disable-addpath-rx` is set
 * (bgpd/bgp_open.c), which this dialect never renders; ipv4 unicast is activated explicitly for each group, so it
 * holds even on a switch configured with `no bgp default ipv4-unicast`.
 */
function negotiates(): Negotiated {
  return { addressFamilies: ["ipv4-unicast"], addPathReceive: true };
}

function peerGroupLines(pg: PeerGroupConfig, asn: number, label: string): string[] {
  // The groups are iBGP by design: `remote-as internal` follows the instance's AS, whatever it is.
  if (pg.remoteAs !== asn)
    throw new Error(`internal: ${label} peer-group ${pg.name} is not iBGP (AS ${pg.remoteAs})`);
  return [
    `neighbor ${pg.name} peer-group`,
    `neighbor ${pg.name} remote-as internal`,
    `neighbor ${pg.name} description ${pg.description}`,
    `neighbor ${pg.name} update-source ${pg.updateSource}`,
    `neighbor ${pg.name} timers ${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    `neighbor ${pg.name} timers connect ${pg.connectRetrySeconds}`,
    // Clears a password removed from the config, so a re-run converges to the plan.
    ...(pg.passwordRef !== undefined ? [] : [`no neighbor ${pg.name} password`]),
  ];
}

function base(b: SwitchBase): RenderedCommand {
  const secretGroups = b.peerGroups.filter((pg) => pg.passwordRef !== undefined);
  const create = [
    ...prologue(b.asn, missingInstance(b.label, b.asn)),
    vtysh(
      [
        `router bgp ${b.asn}`,
        ...b.peerGroups.flatMap((pg) => peerGroupLines(pg, b.asn, b.label)),
        "address-family ipv4 unicast",
        `maximum-paths ibgp ${b.maximumPaths}`,
        ...b.peerGroups.flatMap((pg) => [
          ...(pg.negotiates.addressFamilies.includes("ipv4-unicast")
            ? [`neighbor ${pg.name} activate`]
            : []),
          ...(pg.nextHopSelf ? [`neighbor ${pg.name} next-hop-self`] : []),
        ]),
        "exit-address-family",
      ],
      secretGroups.length === 0,
    ),
  ];
  let stdinTemplate: string | undefined;
  if (secretGroups.length > 0) {
    // The password travels on stdin, so it is never part of a command line or the command text.
    stdinTemplate = [
      `router bgp ${b.asn}`,
      ...secretGroups.map((pg) => ` neighbor ${pg.name} password ${SECRET_PLACEHOLDER}`),
      "",
    ].join("\n");
    create.push(APPLY_STDIN, WRITE_MEMORY);
  }
  const removals = b.peerGroups.map((pg) =>
    ifPresent(
      `neighbor ${pg.name} peer-group`,
      vtysh([`router bgp ${b.asn}`, `no neighbor ${pg.name} peer-group`], false),
    ),
  );
  const del = [
    ...prologue(b.asn, NOTHING_TO_DELETE),
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
  const lines = [
    `router bgp ${n.asn}`,
    `neighbor ${n.address} peer-group ${n.peerGroup}`,
    `neighbor ${n.address} description ${n.description}`,
  ];
  // Graceful restart is disabled per neighbor: FRR 8.4 does not pass a peer group's graceful-restart-disable on to
  // its members (the lab measured a crashed ingress node's /32 surviving 120 s), and it refuses to re-enter the
  // setting once set, so a re-run leaves it out. It goes in the call that adds the neighbor: GR is negotiated in OPEN.
  const noGr = `neighbor ${n.address} graceful-restart-disable`;
  const create = [
    ...prologue(n.asn, missingInstance(n.label, n.asn)),
    n.gracefulRestart ? vtysh(lines) : ifPresentElse(noGr, vtysh(lines), vtysh([...lines, noGr])),
  ];
  // Remove the neighbor only while it is ours (a member of our peer group): never an operator's own neighbor.
  const del = [
    ...prologue(n.asn, NOTHING_TO_DELETE),
    ifPresent(
      `neighbor ${n.address} peer-group ${n.peerGroup}`,
      vtysh([`router bgp ${n.asn}`, `no neighbor ${n.address}`]),
    ),
  ];
  return { create: create.join("\n"), delete: del.join("\n") };
}

export const frr: Dialect = { name: "frr", negotiates, base, neighbor, check: checkFrr };
