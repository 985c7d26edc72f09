// Core-switch configuration: the structured peer groups and neighbors of each switch, and the commands its dialect
// renders from exactly that structure (one base command, one command per neighbor).
import { DIALECTS, type PeerGroupConfig } from "./dialects";
import { gatedCreate } from "./dialects/gate";
import { drainWaits } from "./drain";
import { names, PEER_GROUPS, PEER_GROUPS6 } from "../core/names";
import {
  byAddress,
  ingressPeersDirectly,
  sessionFamily,
  switchPasswordRef,
  switchSessions,
} from "./sessions";
import { BASE_SETTLE_SECONDS, switchPolicy, transportPolicy } from "./switch-policy";
import { switchPolicy6 } from "./switch-policy6";
import type {
  BgpSession,
  FabricSpec,
  SwitchCommand,
  SwitchNeighbor,
  SwitchPeerGroup,
  SwitchPlan,
  SwitchSpec,
  ZoneSpec,
} from "../core/types";

/** A switch's session kinds: the peer group each lands in and how its neighbors are described. */
const GROUP_OF = {
  "rr-switch": { group: PEER_GROUPS.reflectors, role: "route reflector" },
  "ingress-switch": { group: PEER_GROUPS.ingress, role: "ingress" },
} as const;
const GROUP_OF6 = {
  "rr-switch": { group: PEER_GROUPS6.reflectors, role: "route reflector" },
  "ingress-switch": { group: PEER_GROUPS6.ingress, role: "ingress" },
} as const;

/** `sessions`: the zone's sessions (sessions.ts); the switch's neighbors are exactly the far ends of its own. */
export function switchPlan(
  spec: FabricSpec,
  zone: ZoneSpec,
  sw: SwitchSpec,
  sessions: BgpSession[],
): SwitchPlan {
  const dialect = DIALECTS[sw.dialect];
  const policy = switchPolicy(spec, zone);
  // IPv6 only where the dialect renders it (preflight refuses a dual-stack zone on another dialect).
  const policy6 = dialect.dualStack ? switchPolicy6(spec, zone) : undefined;
  const passwordRef = switchPasswordRef(zone, sw);
  const group = (
    role: SwitchPeerGroup["role"],
    name: string,
    description: string,
    gracefulRestart: boolean,
    v6 = false,
  ): SwitchPeerGroup => {
    const config: PeerGroupConfig = {
      name,
      ...(v6 ? { family: "ipv6" as const } : {}),
      role,
      description,
      remoteAs: zone.asn,
      updateSource: v6 ? sw.ipv6Address! : sw.address,
      ...(sw.updateSource === undefined ? {} : { updateSourceInterface: sw.updateSource }),
      keepaliveSeconds: spec.bgp.keepaliveSeconds,
      holdSeconds: spec.bgp.holdSeconds,
      connectRetrySeconds: spec.bgp.connectRetrySeconds,
      gracefulRestart,
      nextHopSelf: true,
      ...(v6 ? policy6! : policy)[role],
      ...(passwordRef === undefined ? {} : { passwordRef }),
    };
    return { ...config, negotiates: dialect.negotiates(config) };
  };
  // Graceful restart is off on every session of ours (lab evidence, README "Timers and graceful restart"): toward
  // ingress nodes so a crashed node's /32 leaves at once; toward the reflectors because Calico's BIRD helps any
  // restarting peer, so a switch that advertises GR and dies silently keeps its routes on every node for its
  // restart time (the lab measured 129 s of partial black-holing), while the second reflector covers a restart.
  const peerGroups: SwitchPeerGroup[] = [
    group("reflectors", PEER_GROUPS.reflectors, `bgp-fabric ${zone.name} route reflectors`, false),
    // The ingress group exists in direct mode even before the zone has ingress nodes (an empty group is harmless).
    ...(ingressPeersDirectly(spec)
      ? [group("ingress", PEER_GROUPS.ingress, `bgp-fabric ${zone.name} ingress nodes`, false)]
      : []),
    // A dual-stack zone: the same groups for the IPv6 sessions, sourced from the switch's IPv6 address.
    ...(policy6 === undefined
      ? []
      : [
          group(
            "reflectors",
            PEER_GROUPS6.reflectors,
            `bgp-fabric ${zone.name} ipv6 route reflectors`,
            false,
            true,
          ),
          ...(ingressPeersDirectly(spec)
            ? [
                group(
                  "ingress",
                  PEER_GROUPS6.ingress,
                  `bgp-fabric ${zone.name} ipv6 ingress nodes`,
                  false,
                  true,
                ),
              ]
            : []),
        ]),
  ];
  const neighbors: SwitchNeighbor[] = switchSessions(sessions, sw)
    .filter((s) => policy6 !== undefined || sessionFamily(s) === "ipv4")
    .flatMap((s) =>
      s.kind === "rr-switch" || s.kind === "ingress-switch"
        ? [{ n: s.a, ...(sessionFamily(s) === "ipv6" ? GROUP_OF6 : GROUP_OF)[s.kind] }]
        : [],
    )
    .sort((a, b) => byAddress(a.n.address, b.n.address))
    .map(({ n, group: peerGroup, role }) => ({
      address: n.address,
      node: n.name,
      peerGroup,
      description: `bgp-fabric ${role} ${n.name}`,
      command: names.switchNeighbor(zone.name, sw.name, n.address),
    }));
  const structure = {
    name: sw.name,
    zone: zone.name,
    dialect: sw.dialect,
    address: sw.address,
    asn: zone.asn,
    ssh: {
      host: sw.sshHost,
      port: sw.sshPort,
      user: sw.sshUser,
      ...(sw.sshHostKey === undefined ? {} : { hostKey: sw.sshHostKey }),
    },
    maximumPaths: spec.bgp.maximumPaths,
    healthCheckSeconds: spec.bgp.healthCheckSeconds,
    drainSeconds: spec.bgp.switchDrainSeconds,
    prefixLists: [...policy.prefixLists, ...(policy6?.prefixLists ?? [])],
    routeMaps: [...policy.routeMaps, ...(policy6?.routeMaps ?? [])],
    peerGroups,
    neighbors,
    transport: transport(spec, zone, sw),
  };
  const waits = drainWaits(spec, zone, sw);
  return {
    ...structure,
    commands: switchCommands(structure),
    ...(waits.length > 0 ? { drainWaits: waits } : {}),
  };
}

function transport(spec: FabricSpec, zone: ZoneSpec, sw: SwitchSpec): SwitchPlan["transport"] {
  const policy = transportPolicy(spec, zone);
  return { ...policy, lines: DIALECTS[sw.dialect].transport(zone.asn, policy) };
}

/**
 * The commands of a switch, rendered by its dialect from the structured plan (preflight re-renders to compare). Each
 * is one change: the base brings up no session but must keep the ones it found (its own check); a neighbor's create waits for its session (`healthCheck`) before
 * it confirms, and runs after the Kubernetes objects that make the node peer with this switch.
 */
export function switchCommands(sw: Omit<SwitchPlan, "commands">): SwitchCommand[] {
  const dialect = DIALECTS[sw.dialect];
  const label = `${sw.zone}/${sw.name}`;
  const baseName = names.switchBase(sw.zone, sw.name);
  const baseInput = {
    label,
    changeId: baseName,
    asn: sw.asn,
    maximumPaths: sw.maximumPaths,
    // The base holds the IPv4 part only: a dual-stack zone's IPv6 part is a command of its own (below).
    prefixLists: ofFamily(sw.prefixLists, "ipv4"),
    routeMaps: ofFamily(sw.routeMaps, "ipv4"),
    peerGroups: ofFamily(sw.peerGroups, "ipv4"),
    // The drain waits for the sessions with the same bound as a neighbor's health check; none without one.
    ...(sw.healthCheckSeconds > 0 && sw.drainSeconds > 0
      ? { drain: { settleSeconds: sw.drainSeconds, timeoutSeconds: sw.healthCheckSeconds } }
      : {}),
    // The base's own check: the sessions it found Established must come back within the same bound.
    ...(sw.healthCheckSeconds > 0
      ? {
          sessionCheck: {
            settleSeconds: BASE_SETTLE_SECONDS,
            timeoutSeconds: sw.healthCheckSeconds,
          },
        }
      : {}),
  };
  const base = dialect.base(baseInput);
  // A password change drains the switch before either end changes (the zone's Secret waits for this command).
  const drain = dialect.drain?.(baseInput);
  const drainName = names.switchDrain(sw.zone, sw.name);
  const stanza = (
    name: string,
    kind: "base" | "base-v6",
    cmd: ReturnType<typeof dialect.base>,
  ): SwitchCommand => ({
    name,
    kind,
    create: gatedCreate(dialect, {
      label,
      asn: sw.asn,
      changeId: name,
      create: cmd.create,
      delete: cmd.delete,
    }),
    delete: cmd.delete,
    // A new AS or dialect is a different stanza: remove the old one, then create the new one.
    triggers: [sw.dialect, String(sw.asn)],
    ...(cmd.stdinTemplate === undefined ? {} : { stdin: cmd.stdinTemplate }),
  });
  // A dual-stack zone's IPv6 groups and policy: created after the base (and the IPv4 neighbors), before the IPv6
  // neighbors; deleted after them, leaving the base as it was. No drain: the IPv4 drain stays IPv4 (dual-stack.md).
  const groups6 = ofFamily(sw.peerGroups, "ipv6");
  const base6Name = names.switchBase6(sw.zone, sw.name);
  const base6 =
    groups6.length > 0 && dialect.base6
      ? dialect.base6({
          label,
          changeId: base6Name,
          asn: sw.asn,
          maximumPaths: sw.maximumPaths,
          prefixLists: ofFamily(sw.prefixLists, "ipv6"),
          routeMaps: ofFamily(sw.routeMaps, "ipv6"),
          peerGroups: groups6,
          ...(baseInput.sessionCheck ? { sessionCheck: baseInput.sessionCheck } : {}),
        })
      : undefined;
  const neighbor = (n: SwitchNeighbor): SwitchCommand => {
    const cmd = dialect.neighbor({
      label,
      changeId: n.command,
      asn: sw.asn,
      address: n.address,
      peerGroup: n.peerGroup,
      description: n.description,
      gracefulRestart: sw.peerGroups.find((g) => g.name === n.peerGroup)?.gracefulRestart ?? false,
      ...(sw.healthCheckSeconds > 0 ? { healthCheckSeconds: sw.healthCheckSeconds } : {}),
    });
    const check =
      sw.healthCheckSeconds > 0
        ? {
            addresses: [n.address],
            timeoutSeconds: sw.healthCheckSeconds,
            changeId: n.command,
          }
        : undefined;
    return {
      name: n.command,
      kind: "neighbor",
      create: gatedCreate(dialect, {
        label,
        asn: sw.asn,
        changeId: n.command,
        create: cmd.create,
        delete: cmd.delete,
        ...(check ? { check } : {}),
      }),
      delete: cmd.delete,
      // Identity of the neighbor: a change removes the old one before adding the new one (pitfall 11).
      triggers: [sw.dialect, String(sw.asn), n.address, n.peerGroup],
      ...(check ? { healthCheck: check, dependsOn: peeringObjects(sw, n) } : {}),
    };
  };
  const isV6 = (n: SwitchNeighbor) => groups6.some((g) => g.name === n.peerGroup);
  const commands: SwitchCommand[] = [
    ...(drain === undefined
      ? []
      : [
          {
            name: drainName,
            kind: "drain" as const,
            create: drain.create,
            delete: drain.delete,
            triggers: [sw.dialect, String(sw.asn)],
            ...(drain.stdinTemplate === undefined ? {} : { stdin: drain.stdinTemplate }),
          },
        ]),
    stanza(baseName, "base", base),
    ...sw.neighbors.filter((n) => !isV6(n)).map(neighbor),
    ...(base6 === undefined ? [] : [stanza(base6Name, "base-v6", base6)]),
    ...sw.neighbors.filter(isV6).map(neighbor),
  ];
  // One switch, one command at a time: each runs after the previous one in apply order (Pulumi deletes in reverse).
  return commands.map((c, i) => (i === 0 ? c : { ...c, after: commands[i - 1].name }));
}

/** The plan's items of one address family (`family` absent: IPv4). */
function ofFamily<T extends { family?: "ipv6" }>(items: T[], family: "ipv4" | "ipv6"): T[] {
  return items.filter((x) => (x.family ?? "ipv4") === family);
}

/** What makes the node at the other end of a neighbor peer with this switch: its BGPPeer and the node's patch. */
function peeringObjects(sw: Omit<SwitchPlan, "commands">, n: SwitchNeighbor): string[] {
  const peer =
    n.peerGroup === PEER_GROUPS.reflectors
      ? names.peerReflectorsToSwitch(sw.zone, sw.name)
      : n.peerGroup === PEER_GROUPS.ingress
        ? names.peerIngressToSwitch(sw.zone, sw.name)
        : n.peerGroup === PEER_GROUPS6.reflectors
          ? names.peerReflectorsToSwitch6(sw.zone, sw.name)
          : names.peerIngressToSwitch6(sw.zone, sw.name);
  return [peer.resource, names.nodePatch(sw.zone, n.node).resource];
}
